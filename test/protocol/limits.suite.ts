// Limits at the limit and one past it: partitions per topic, replication factor, and the bounds
// of topic, webhook and beacon configs; the SSE reconnection delay the stream asks for.
import { describe, expect, it } from "vitest";
import {
  BEACON_ANONYMOUS_ID_CHARS_MAX,
  BEACON_ID_CHARS_MAX,
  BEACON_NAME_CHARS_MAX,
  BEACON_URL_CHARS_MAX,
  BEACON_USER_AGENT_CHARS_MAX,
  PLACEMENT_HINT_CHARS_MAX,
  REPLICA_LAG_MS_DEFAULT,
  REPLICA_LAG_MS_MAX,
  SSE_RETRY_MS,
  WEBHOOK_HEADER_NAME_CHARS_MAX,
  WEBHOOK_TOLERANCE_SEC_MAX,
} from "../../src/protocol/limits.js";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";

const ORIGIN = "https://shop.example";

/** A one-partition topic that takes beacons from ORIGIN; its publishable key. */
async function trackedTopic(api: Api): Promise<{ topic: string; key: string }> {
  const topic = uniqueTopic();
  expect((await api.createTopic(topic)).status).toBe(201);
  const set = await api.request<{ publishableKey: string }>("PUT", `/v1/topics/${topic}/track`, {
    origins: [ORIGIN],
  });
  expect(set.status).toBe(200);
  return { topic, key: set.body.publishableKey };
}

function beacon(api: Api, topic: string, key: string, event: unknown, userAgent = "Test/1.0") {
  return api.request<{ accepted: number }>(
    "POST",
    `/v1/track/${topic}?key=${key}`,
    JSON.stringify(event),
    { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN, "user-agent": userAgent },
  );
}

export function limitsSuite(api: Api): void {
  describe("topic limits", () => {
    it("creates PARTITIONS_MAX (256) partitions and refuses 257", async () => {
      expectError(
        await api.createTopic(uniqueTopic(), { partitions: 257 }),
        400,
        "INVALID_REQUEST",
      );
      const topic = uniqueTopic();
      expect((await api.createTopic(topic, { partitions: 256 })).status).toBe(201);
      const last = await api.produce(topic, [{ value: "last", partition: 255 }]);
      expect(last.body.offsets[0]).toMatchObject({ partition: 255, offset: 0 });
      const grow = await api.request("PATCH", `/v1/topics/${topic}`, { partitions: 257 });
      expectError(grow, 400, "INVALID_REQUEST");
    });

    it("refuses a replication factor past REPLICATION_FACTOR_MAX (5)", async () => {
      const answer = await api.createTopic(uniqueTopic(), { replicationFactor: 6 });
      expectError(answer, 400, "INVALID_REQUEST");
    });
  });
  describe("config bounds", () => {
    it("takes replicaLagMs up to REPLICA_LAG_MS_MAX and defaults it to REPLICA_LAG_MS_DEFAULT", async () => {
      const topic = uniqueTopic();
      expect((await api.createTopic(topic, { replicaLagMs: REPLICA_LAG_MS_MAX })).status).toBe(201);
      const past = await api.createTopic(uniqueTopic(), { replicaLagMs: REPLICA_LAG_MS_MAX + 1 });
      expectError(past, 400, "INVALID_REQUEST");
      const plain = uniqueTopic();
      await api.createTopic(plain);
      const described = await api.request<{ config: { replicaLagMs: number } }>(
        "GET",
        `/v1/topics/${plain}`,
      );
      expect(described.body.config.replicaLagMs).toBe(REPLICA_LAG_MS_DEFAULT);
    });

    it("takes placement hints of up to PLACEMENT_HINT_CHARS_MAX characters", async () => {
      const longest = "w".repeat(PLACEMENT_HINT_CHARS_MAX);
      expect((await api.createTopic(uniqueTopic(), { placement: [longest] })).status).toBe(201);
      const past = await api.createTopic(uniqueTopic(), { placement: [`${longest}w`] });
      expectError(past, 400, "INVALID_REQUEST");
    });

    it("takes a webhook toleranceSec up to WEBHOOK_TOLERANCE_SEC_MAX, header names up to WEBHOOK_HEADER_NAME_CHARS_MAX", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const put = (body: unknown) => api.request("PUT", `/v1/topics/${topic}/webhook`, body);
      const stripe = (toleranceSec: number) => ({
        verify: { type: "stripe", secret: "s3cret", toleranceSec },
      });
      expect((await put(stripe(WEBHOOK_TOLERANCE_SEC_MAX))).status).toBe(200);
      expectError(await put(stripe(WEBHOOK_TOLERANCE_SEC_MAX + 1)), 400, "INVALID_REQUEST");
      const longest = "x".repeat(WEBHOOK_HEADER_NAME_CHARS_MAX);
      expect((await put({ headers: [longest] })).status).toBe(200);
      expectError(await put({ headers: [`${longest}x`] }), 400, "INVALID_REQUEST");
    });

    it("takes beacon fields up to their limits and cuts the User-Agent at BEACON_USER_AGENT_CHARS_MAX", async () => {
      const { topic, key } = await trackedTopic(api);
      const longest = {
        name: "n".repeat(BEACON_NAME_CHARS_MAX),
        id: "i".repeat(BEACON_ID_CHARS_MAX),
        anonymousId: "a".repeat(BEACON_ANONYMOUS_ID_CHARS_MAX),
        url: "u".repeat(BEACON_URL_CHARS_MAX),
      };
      const userAgent = "b".repeat(BEACON_USER_AGENT_CHARS_MAX + 100);
      const accepted = await beacon(api, topic, key, longest, userAgent);
      expect(accepted.status).toBe(200);
      expect(accepted.body.accepted).toBe(1);
      for (const [field, value] of Object.entries(longest)) {
        const past = await beacon(api, topic, key, { ...longest, [field]: `${value}x` });
        expectError(past, 400, "INVALID_REQUEST");
      }
      const [record] = await api.fetchAll(topic, 0);
      expect(record?.headers["user-agent"]).toBe(userAgent.slice(0, BEACON_USER_AGENT_CHARS_MAX));
    });

    it("asks EventSource to reconnect SSE_RETRY_MS after a stream ends", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const response = await api.raw("GET", `/v1/topics/${topic}/partitions/0/records`, {
        headers: { accept: "text/event-stream" },
      });
      expect(response.status).toBe(200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = "";
      while (!text.includes("\n\n")) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      await reader.cancel();
      expect(text.split("\n")[0]).toBe(`retry: ${SSE_RETRY_MS}`);
    });
  });
}
