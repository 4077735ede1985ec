// The SDK's `edgelog.subscriptions` (one method per route) and the CLI's description table,
// against the real worker: put (create, then change), list, describe, pause, resume, delete, and
// SUBSCRIPTION_NOT_FOUND as an EdgelogClientError.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { subscriptionText } from "../../src/cli/subscriptions.js";
import { Edgelog, EdgelogClientError } from "../../src/client/index.js";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver } from "./push-receiver-client.js";

const edgelog = new Edgelog({
  url: "http://edgelog.test",
  fetch: (request) => exports.default.fetch(request),
  retry: { retries: 0 },
});

describe("SDK push subscriptions", () => {
  it("puts, lists, describes, pauses, resumes and deletes", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2 });
    const receiver = new PushReceiver(`sdk-${topic}`);
    const subs = edgelog.subscriptions;
    const created = await subs.put(topic, "sdk", { url: receiver.url, secret: "k" });
    expect(created).toMatchObject({
      name: "sdk",
      topic,
      state: "active",
      config: { signed: true },
    });
    const changed = await subs.put(topic, "sdk", { url: receiver.url, maxAttempts: 3 });
    expect(changed.config).toMatchObject({ maxAttempts: 3, signed: false });
    expect((await subs.list(topic)).map((s) => s.name)).toEqual(["sdk"]);
    expect((await subs.pause(topic, "sdk")).state).toBe("paused");
    expect((await subs.resume(topic, "sdk")).state).toBe("active");
    await api.produce(topic, [{ value: 1, partition: 1 }]);
    await receiver.until("the record", (ds) => ds.length === 1);
    const described = await subs.describe(topic, "sdk");
    const lines = subscriptionText(described).split("\n");
    expect(lines[0]).toBe(`sdk on ${topic}: active, ${receiver.url}, 1 delivered, 0 dead-lettered`);
    expect(lines[1]?.trim().split(/\s+/)).toEqual([
      "PARTITION",
      "DELIVERED-OFFSET",
      "HIGH-WATERMARK",
      "LAG",
      "ATTEMPTS",
      "LAST-ERROR",
    ]);
    expect(lines[3]?.trim().split(/\s+/)).toEqual(["1", "1", "1", "0", "0", "-"]);
    await subs.delete(topic, "sdk");
    const missing = await subs.describe(topic, "sdk").catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(EdgelogClientError);
    expect(missing).toMatchObject({ code: "SUBSCRIPTION_NOT_FOUND", status: 404 });
  });
});
