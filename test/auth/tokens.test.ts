// Token management and quotas with auth on: a secret is shown once and stored as a hash, listed
// without secrets, revoked for good; byte-rate quotas answer 429 with Retry-After past the rate.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../support/auth.js";
import { expectError } from "../support/expect.js";
import { api } from "../support/workerd-api.js";

const admin = withToken(api, ADMIN_TOKEN);

describe("access tokens", () => {
  it("shows a secret once, lists tokens without secrets, and revokes them", async () => {
    const topic = uniqueTopic();
    await admin.createTopic(topic);
    const acl = [{ resource: `topic:${topic}`, operations: ["produce", "consume"] }];
    const created = await admin.request<{ id: string; token: string; name: string }>(
      "POST",
      "/v1/tokens",
      { name: "billing-service", acl, quotas: { produceBytesPerSec: 1_000_000 } },
    );
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^elg_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    const listed = await admin.request<{ tokens: Array<Record<string, unknown>> }>(
      "GET",
      "/v1/tokens",
    );
    const entry = listed.body.tokens.find((t) => t.id === created.body.id);
    expect(entry).toMatchObject({ name: "billing-service", acl });
    const secret = created.body.token.split("_").at(-1) as string;
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(Object.keys(entry ?? {}).sort()).toEqual(["acl", "createdAt", "id", "name", "quotas"]);

    const client = withToken(api, created.body.token);
    expect((await client.produce(topic, [{ value: 1 }])).status).toBe(200);
    // The same id with another secret is not the token.
    const forged = withToken(
      api,
      created.body.token.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
    );
    expectError(await forged.produce(topic, [{ value: 2 }]), 401, "UNAUTHORIZED");
    expect((await admin.request("DELETE", `/v1/tokens/${created.body.id}`)).status).toBe(204);
    expectError(await client.produce(topic, [{ value: 3 }]), 401, "UNAUTHORIZED");
    expectError(
      await admin.request("DELETE", `/v1/tokens/${created.body.id}`),
      404,
      "TOKEN_NOT_FOUND",
    );
    expect((await admin.fetchAll(topic, 0)).map((r) => r.value)).toEqual([1]);
  });

  it("answers a deeply nested name with a plain INVALID_REQUEST", async () => {
    const deep = `{"name":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    const answer = await admin.request<{ error: { code: string; details?: unknown } }>(
      "POST",
      "/v1/topics",
      deep,
    );
    expectError(answer, 400, "INVALID_REQUEST");
    expect(answer.body.error.details).toEqual({ topicType: "array" });
  });

  it("refuses malformed token requests and non-bearer credentials", async () => {
    for (const body of [
      {},
      { name: "", acl: [] },
      { name: "x", acl: [{ resource: "cluster:*", operations: ["admin"] }] },
      { name: "x", acl: [{ resource: "topic:a", operations: ["write"] }] },
      { name: "x", acl: [{ resource: "topic:a", operations: [] }] },
      { name: "x", acl: [], quotas: { produceBytesPerSec: 0 } },
      { name: "x", acl: [], extra: true },
    ]) {
      expectError(await admin.request("POST", "/v1/tokens", body), 400, "INVALID_REQUEST");
    }
    const basic = await api.request("GET", "/v1/topics", undefined, {
      authorization: `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}`,
    });
    expectError(basic, 401, "UNAUTHORIZED");
    expectError(await api.request("GET", "/v1/topics"), 401, "UNAUTHORIZED");
    expect((await admin.request("GET", "/v1/topics")).status).toBe(200);
  });

  it("lets webhooks and beacons through without a bearer token (their own checks apply)", async () => {
    const topic = uniqueTopic();
    await admin.createTopic(topic);
    // Without a webhook config the topic has not agreed to take webhooks from anyone.
    const unconfigured = await api.request("POST", `/v1/webhooks/${topic}`, { event: "x" });
    expectError(unconfigured, 403, "FORBIDDEN");
    expect((await admin.request("PUT", `/v1/topics/${topic}/webhook`, {})).status).toBe(200);
    const hook = await api.request("POST", `/v1/webhooks/${topic}`, { event: "paid" });
    expect(hook.status).toBe(200);
    const script = await api.raw("GET", "/v1/track.js");
    expect(script.status).toBe(200);
    const beacon = await api.raw("POST", `/v1/track/${topic}?key=pk_wrong`, {
      body: JSON.stringify({ events: [] }),
      headers: { "content-type": "text/plain" },
    });
    expect([401, 403]).toContain(beacon.status);
  });
});

describe("quotas", () => {
  it("answers RATE_LIMITED with Retry-After past the produce rate, and writes nothing", async () => {
    const topic = uniqueTopic();
    await admin.createTopic(topic);
    const acl = [{ resource: `topic:${topic}`, operations: ["produce", "consume"] }];
    const slow = withToken(
      api,
      (await createToken(admin, acl, { produceBytesPerSec: 1_000 })).token,
    );
    const value = "x".repeat(1_500);
    // The first request may spend the one-second burst and more; the next waits for it.
    expect((await slow.produce(topic, [{ value }])).status).toBe(200);
    const limited = await slow.produce(topic, [{ value }]);
    expectError(limited, 429, "RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await admin.offsets(topic, 0)).body.logEndOffset).toBe(1);
  });

  it("never limits a producer within its rate", async () => {
    const topic = uniqueTopic();
    await admin.createTopic(topic);
    const acl = [{ resource: `topic:${topic}`, operations: ["produce"] }];
    const quotas = { produceBytesPerSec: 100_000 };
    const steady = withToken(api, (await createToken(admin, acl, quotas)).token);
    // 40 requests of about 1 KB: within one second's worth of the rate, however fast they go.
    for (let i = 0; i < 40; i++) {
      expect((await steady.produce(topic, [{ value: "y".repeat(1_000) }])).status).toBe(200);
    }
  });

  it("limits fetches by the bytes they answered", async () => {
    const topic = uniqueTopic();
    await admin.createTopic(topic);
    await admin.produce(
      topic,
      Array.from({ length: 20 }, () => ({ value: "z".repeat(500) })),
    );
    const acl = [{ resource: `topic:${topic}`, operations: ["consume"] }];
    const reader = withToken(
      api,
      (await createToken(admin, acl, { fetchBytesPerSec: 2_000 })).token,
    );
    expect((await reader.fetch(topic, 0, { offset: 0 })).status).toBe(200);
    const limited = await reader.fetch(topic, 0, { offset: 0 });
    expectError(limited, 429, "RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
