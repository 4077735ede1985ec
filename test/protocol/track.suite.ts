// Activity beacons: publishable key per topic, allowed origins, enrichment, event-id dedupe.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";

const ORIGIN = "https://shop.example";

async function trackedTopic(api: Api, origins: string[] = [ORIGIN]) {
  const topic = uniqueTopic();
  await api.createTopic(topic, { partitions: 2 });
  const set = await api.request<{ publishableKey: string; origins: string[] }>(
    "PUT",
    `/v1/topics/${topic}/track`,
    { origins },
  );
  expect(set.status).toBe(200);
  expect(set.body.publishableKey).toMatch(/^pk_/);
  return { topic, key: set.body.publishableKey };
}

function beacon(api: Api, topic: string, key: string | null, body: unknown, origin = ORIGIN) {
  const query = key === null ? "" : `?key=${key}`;
  return api.request<{ accepted: number; duplicates: number }>(
    "POST",
    `/v1/track/${topic}${query}`,
    JSON.stringify(body),
    { "content-type": "text/plain;charset=UTF-8", origin, "user-agent": "TestBrowser/1.0" },
  );
}

export function trackSuite(api: Api): void {
  describe("activity beacons", () => {
    it("appends events with user-agent and origin enrichment, keyed by visitor", async () => {
      const { topic, key } = await trackedTopic(api);
      const events = [
        {
          name: "page_view",
          props: { path: "/" },
          ts: 1_700_000_000_000,
          id: "e1",
          anonymousId: "v1",
        },
        { name: "click", props: { button: "buy" }, id: "e2", anonymousId: "v1" },
      ];
      const answer = await beacon(api, topic, key, events);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ accepted: 2, duplicates: 0 });
      expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      const all = [...(await api.fetchAll(topic, 0)), ...(await api.fetchAll(topic, 1))];
      expect(all.map((r) => r.value)).toEqual(events);
      expect(new Set(all.map((r) => r.key))).toEqual(new Set(["v1"]));
      expect(all[0]?.headers).toMatchObject({ "user-agent": "TestBrowser/1.0", origin: ORIGIN });
      // Both places this suite runs are development runs, whose request.cf miniflare makes up.
      expect(Object.keys(all[0]?.headers ?? {}).sort()).toEqual(["origin", "user-agent"]);
      // The same events sent again (a resent beacon) are appended once.
      const again = await beacon(api, topic, key, events);
      expect(again.body).toEqual({ accepted: 0, duplicates: 2 });
      const single = await beacon(api, topic, key, { name: "scroll" });
      expect(single.body).toEqual({ accepted: 1, duplicates: 0 });
    });

    it("refuses a missing or foreign key and a disallowed origin, appending nothing", async () => {
      const a = await trackedTopic(api);
      const b = await trackedTopic(api);
      const event = { name: "x", id: "only" };
      expectError(await beacon(api, a.topic, null, event), 401, "UNAUTHORIZED");
      expectError(await beacon(api, a.topic, b.key, event), 403, "FORBIDDEN");
      const foreign = await beacon(api, a.topic, a.key, event, "https://evil.example");
      expectError(foreign, 403, "FORBIDDEN");
      expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
      const untracked = uniqueTopic();
      await api.createTopic(untracked);
      expectError(await beacon(api, untracked, a.key, event), 403, "FORBIDDEN");
      for (const p of [0, 1]) expect((await api.offsets(a.topic, p)).body.logEndOffset).toBe(0);
      // The publishable key opens nothing else: it is not a credential for other routes.
      const preflight = await api.raw("OPTIONS", `/v1/track/${a.topic}`, {
        headers: { origin: "https://evil.example" },
      });
      expect(preflight.status).toBe(403);
      const allowed = await api.raw("OPTIONS", `/v1/track/${a.topic}`, {
        headers: { origin: ORIGIN },
      });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    });

    it("reads the tracking config back, key included; NOT_FOUND without one", async () => {
      const { topic, key } = await trackedTopic(api);
      const read = await api.request("GET", `/v1/topics/${topic}/track`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        topic,
        origins: [ORIGIN],
        dedupeWindowSec: 86_400,
        publishableKey: key,
      });
      const bare = uniqueTopic();
      await api.createTopic(bare);
      expectError(await api.request("GET", `/v1/topics/${bare}/track`), 404, "NOT_FOUND");
      const missing = uniqueTopic();
      expectError(await api.request("GET", `/v1/topics/${missing}/track`), 404, "TOPIC_NOT_FOUND");
    });

    it("validates configs and events, serves the script, keeps or rotates the key", async () => {
      const { topic, key } = await trackedTopic(api, ["*"]);
      const again = await api.request<{ publishableKey: string }>(
        "PUT",
        `/v1/topics/${topic}/track`,
        {
          origins: ["*"],
        },
      );
      expect(again.body.publishableKey).toBe(key);
      const rotated = await api.request<{ publishableKey: string }>(
        "PUT",
        `/v1/topics/${topic}/track`,
        {
          origins: ["*"],
          rotateKey: true,
        },
      );
      expect(rotated.body.publishableKey).not.toBe(key);
      for (const body of [
        { origins: [] },
        { origins: ["ftp://x"] },
        { origins: ["*"], extra: 1 },
      ]) {
        expectError(
          await api.request("PUT", `/v1/topics/${topic}/track`, body),
          400,
          "INVALID_REQUEST",
        );
      }
      const newKey = rotated.body.publishableKey;
      for (const bad of [[], {}, { name: "" }, { name: "x", props: 1 }, { name: "x", what: 1 }]) {
        expectError(
          await beacon(api, topic, newKey, bad, "https://any.example"),
          400,
          "INVALID_REQUEST",
        );
      }
      expectError(await beacon(api, topic, key, { name: "old key" }), 403, "FORBIDDEN");
      const tooMany = Array.from({ length: 101 }, () => ({ name: "x" }));
      expectError(await beacon(api, topic, newKey, tooMany), 400, "INVALID_REQUEST");
      const html = await api.request("POST", `/v1/track/${topic}?key=${newKey}`, "<p>", {
        "content-type": "text/html",
      });
      expectError(html, 415, "UNSUPPORTED_MEDIA_TYPE");
      const script = await api.raw("GET", "/v1/track.js");
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toContain("javascript");
      expect(await script.text()).toContain("sendBeacon");
    });
  });
}
