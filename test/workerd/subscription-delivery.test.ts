// Push subscriptions deliver (design/delivery.md): every record, per partition in offset order
// with no gaps, signed with Stripe's scheme, with the delivery id naming the batch; woken by
// appends when idle (no alarm left set); 500s and timeouts retried with the same delivery id.
// The receiver is a Node HTTP server beside workerd (test/receiver/push-receiver.ts).
import { runInDurableObject } from "cloudflare:test";
import { env as workerEnv } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { describeSubscription, subscriptionPath } from "../support/subscriptions.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver, type ReceivedDelivery } from "./push-receiver-client.js";

const env = workerEnv as unknown as Env;

/** The first delivery of each id (retries repeat it), in arrival order. */
function firstOfEach(deliveries: ReceivedDelivery[]): ReceivedDelivery[] {
  const seen = new Set<string | null>();
  return deliveries.filter(
    (d) => d.answered === 200 && !seen.has(d.deliveryId) && seen.add(d.deliveryId),
  );
}

function offsetsOf(deliveries: ReceivedDelivery[], partition: number): number[] {
  return firstOfEach(deliveries)
    .filter((d) => d.partition === partition)
    .flatMap((d) => d.offsets);
}

describe("push subscription delivery", () => {
  it("delivers every record in offset order per partition, signed, with batch ids", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 3 });
    const keys = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 7}`, value: { i } }));
    await api.produce(topic, keys.slice(0, 12));
    const receiver = new PushReceiver(`deliver-${topic}`);
    await receiver.script({ secret: "whsec_test" });
    const put = await api.request("PUT", subscriptionPath(topic, "orders-hook"), {
      url: receiver.url,
      secret: "whsec_test",
      startAt: "earliest",
      batchMaxRecords: 4,
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ name: "orders-hook", topic, state: "active" });
    expect(JSON.stringify(put.body)).not.toContain("whsec_test");
    // Records appended after creation arrive too: the partitions' watches wake the subscription.
    await api.produce(topic, keys.slice(12));
    const ends = await Promise.all([0, 1, 2].map((p) => api.offsets(topic, p)));
    const total = ends.reduce((sum, e) => sum + e.body.highWatermark, 0);
    expect(total).toBe(30);
    const deliveries = await receiver.until("all 30 records", (ds) =>
      [0, 1, 2].every((p) => offsetsOf(ds, p).length === ends[p]?.body.highWatermark),
    );
    for (const p of [0, 1, 2]) {
      const expected = Array.from({ length: ends[p]?.body.highWatermark ?? 0 }, (_, i) => i);
      expect(offsetsOf(deliveries, p)).toEqual(expected);
    }
    for (const delivery of deliveries) {
      expect(delivery.signatureValid).toBe(true);
      expect(delivery.contentType).toBe("application/json");
      expect(delivery.offsets.length).toBeLessThanOrEqual(4);
      expect(delivery.deliveryId).toBe(
        `orders-hook/${topic}/${delivery.partition}/${delivery.offsets[0]}`,
      );
      expect(delivery.body).toMatchObject({ subscription: "orders-hook", topic });
    }
    // Records exactly as fetch answers them.
    const first = deliveries.find((d) => d.partition === 0) as ReceivedDelivery;
    const fetched = await api.fetch(topic, 0, { offset: 0, maxRecords: first.offsets.length });
    expect((first.body as { records: unknown }).records).toEqual(fetched.body.records);
    const described = await eventually("counters to settle", async () => {
      const d = await describeSubscription(api, topic, "orders-hook");
      return d.delivered === 30 ? d : undefined;
    });
    expect(described.partitions.map((p) => p.lagRecords)).toEqual([0, 0, 0]);
    // Idle: no alarm is left set once every partition is caught up and watching.
    const stub = env.SUBSCRIPTIONS.getByName(`${topic}/orders-hook`);
    await eventually("the alarm to be cleared", () =>
      runInDurableObject(stub, async (_, state) =>
        (await state.storage.getAlarm()) === null ? true : undefined,
      ),
    );
  });

  it("retries 500s and timeouts with the same delivery id, then moves on", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const receiver = new PushReceiver(`retry-${topic}`);
    await receiver.script({ answers: [{ status: 500 }, { hang: true }, { status: 503 }] });
    const put = await api.request("PUT", subscriptionPath(topic, "retrying"), {
      url: receiver.url,
      timeoutMs: 300,
      backoffMs: 10,
      backoffMsMax: 40,
    });
    expect(put.status).toBe(201);
    await api.produce(topic, [{ value: "a" }, { value: "b" }]);
    const deliveries = await receiver.until("a 2xx after three failures", (ds) =>
      ds.some((d) => d.answered === 200),
    );
    expect(deliveries.map((d) => d.answered)).toEqual([500, "none", 503, 200]);
    expect(new Set(deliveries.map((d) => d.deliveryId))).toEqual(
      new Set([`retrying/${topic}/0/0`]),
    );
    for (const d of deliveries) expect(d.offsets).toEqual([0, 1]);
    await api.produce(topic, [{ value: "c" }]);
    const after = await receiver.until("the next batch", (ds) => ds.length === 5);
    expect(after[4]).toMatchObject({ deliveryId: `retrying/${topic}/0/2`, offsets: [2] });
    const described = await describeSubscription(api, topic, "retrying");
    expect(described).toMatchObject({ state: "active", delivered: 3 });
    expect(described.partitions[0]).toMatchObject({ deliveredOffset: 3, attempts: 0 });
  });
});
