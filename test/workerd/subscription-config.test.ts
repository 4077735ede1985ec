// Push subscription configs and their errors (design/delivery.md): 201 then 200, the secret
// never returned, the topic's list, DELETE, pause and resume of an unknown subscription
// (SUBSCRIPTION_NOT_FOUND), unknown topics and dead-letter topics (TOPIC_NOT_FOUND), and
// INVALID_REQUEST naming the field for unknown fields and every bound, at it and past it.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";
import { subscriptionPath } from "../support/subscriptions.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver } from "./push-receiver-client.js";

describe("push subscription config", () => {
  it("creates, changes, lists, describes and deletes; the secret is never returned", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2 });
    const receiver = new PushReceiver(`config-${topic}`);
    const path = subscriptionPath(topic, "billing");
    const created = await api.request("PUT", path, { url: receiver.url, secret: "s3cret-value" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "billing",
      topic,
      state: "active",
      delivered: 0,
      deadLettered: 0,
      config: {
        url: receiver.url,
        signed: true,
        startAt: "latest",
        batchMaxRecords: 100,
        batchMaxBytes: 1_048_576,
        timeoutMs: 10_000,
        maxAttempts: 8,
        backoffMs: 1_000,
        backoffMsMax: 600_000,
      },
      partitions: [
        { partition: 0, deliveredOffset: 0, highWatermark: 0, lagRecords: 0, attempts: 0 },
        { partition: 1, deliveredOffset: 0, highWatermark: 0, lagRecords: 0, attempts: 0 },
      ],
    });
    const changed = await api.request("PUT", path, { url: receiver.url, batchMaxRecords: 10 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ config: { batchMaxRecords: 10, signed: false } });
    await api.request("PUT", subscriptionPath(topic, "audit"), { url: receiver.url });
    const list = await api.request<{ subscriptions: Array<{ name: string }> }>(
      "GET",
      `/v1/topics/${topic}/subscriptions`,
    );
    expect(list.status).toBe(200);
    expect(list.body.subscriptions.map((s) => s.name)).toEqual(["audit", "billing"]);
    for (const answer of [created, changed, list]) {
      expect(JSON.stringify(answer.body)).not.toContain("s3cret-value");
    }
    expect((await api.request("GET", path)).status).toBe(200);
    expect((await api.request("DELETE", path)).status).toBe(204);
    expectError(await api.request("GET", path), 404, "SUBSCRIPTION_NOT_FOUND");
    const after = await api.request<{ subscriptions: Array<{ name: string }> }>(
      "GET",
      `/v1/topics/${topic}/subscriptions`,
    );
    expect(after.body.subscriptions.map((s) => s.name)).toEqual(["audit"]);
  });

  it("answers SUBSCRIPTION_NOT_FOUND and TOPIC_NOT_FOUND", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const path = subscriptionPath(topic, "nope");
    expectError(await api.request("GET", path), 404, "SUBSCRIPTION_NOT_FOUND");
    expectError(await api.request("DELETE", path), 404, "SUBSCRIPTION_NOT_FOUND");
    expectError(await api.request("POST", `${path}/pause`), 404, "SUBSCRIPTION_NOT_FOUND");
    expectError(await api.request("POST", `${path}/resume`), 404, "SUBSCRIPTION_NOT_FOUND");
    const url = new PushReceiver(`nf-${topic}`).url;
    expectError(
      await api.request("PUT", subscriptionPath(uniqueTopic(), "s"), { url }),
      404,
      "TOPIC_NOT_FOUND",
    );
    expectError(
      await api.request("GET", `/v1/topics/${uniqueTopic()}/subscriptions`),
      404,
      "TOPIC_NOT_FOUND",
    );
    expectError(
      await api.request("PUT", path, { url, deadLetterTopic: uniqueTopic() }),
      404,
      "TOPIC_NOT_FOUND",
    );
    // Nothing was created by the refused PUT.
    expectError(await api.request("GET", path), 404, "SUBSCRIPTION_NOT_FOUND");
  });

  it("refuses bad configs with INVALID_REQUEST naming the field, at and past each bound", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const url = new PushReceiver(`bounds-${topic}`).url;
    const path = subscriptionPath(topic, "bounds");
    const refused = async (body: Record<string, unknown>, field: string) => {
      const error = expectError(await api.request("PUT", path, body), 400, "INVALID_REQUEST");
      expect(error.error.details).toMatchObject({ field });
    };
    await refused({ url, batchMaxRecord: 5 }, "batchMaxRecord");
    await refused({}, "url");
    await refused({ url: "ftp://example.com/hook" }, "url");
    await refused({ url: "not a url" }, "url");
    await refused({ url, secret: "" }, "secret");
    await refused({ url, startAt: "middle" }, "startAt");
    await refused({ url, deadLetterTopic: "bad/name" }, "deadLetterTopic");
    const bounds: Array<[string, number, number]> = [
      ["batchMaxRecords", 1, 1_000],
      ["batchMaxBytes", 1, 4_194_304],
      ["timeoutMs", 100, 30_000],
      ["maxAttempts", 1, 100],
      ["backoffMs", 10, 86_400_000],
    ];
    for (const [field, min, max] of bounds) {
      await refused({ url, [field]: min - 1 }, field);
      await refused({ url, [field]: max + 1 }, field);
      await refused({ url, [field]: String(min) }, field);
      const extra = field === "backoffMs" ? { backoffMsMax: max } : {};
      for (const value of [min, max]) {
        const ok = await api.request("PUT", path, { url, [field]: value, ...extra });
        expect([200, 201]).toContain(ok.status);
      }
    }
    await refused({ url, backoffMs: 100, backoffMsMax: 50 }, "backoffMsMax");
    expectError(
      await api.request("PUT", subscriptionPath(topic, "a%20b"), { url }),
      400,
      "INVALID_REQUEST",
    );
  });
});
