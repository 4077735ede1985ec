// Push subscriptions through failures of edgelog itself: a leader failover (the catalog wakes
// the subscription, which reads from the new leader and watches there) and a restart of every
// object (the subscription's state and its partition watches are in SQLite) lose no record.
import { evictAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { describePartition, fault } from "../support/replication.js";
import { subscriptionPath } from "../support/subscriptions.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver, type ReceivedDelivery } from "./push-receiver-client.js";

function delivered(deliveries: ReceivedDelivery[]): number[] {
  return deliveries.filter((d) => d.answered === 200).flatMap((d) => d.offsets);
}

describe("push subscription resilience", () => {
  it("keeps delivering across a leader failover", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { replicationFactor: 3, minInsyncReplicas: 2, replicaLagMs: 500 });
    const receiver = new PushReceiver(`failover-${topic}`);
    await api.request("PUT", subscriptionPath(topic, "ha"), { url: receiver.url, backoffMs: 10 });
    await api.produce(topic, [{ value: "before" }]);
    await receiver.until("the first record", (ds) => delivered(ds).length === 1);
    await fault(api, topic, 0, "down");
    expect((await api.produce(topic, [{ value: "during" }])).status).toBe(200);
    expect((await describePartition(api, topic)).leader).not.toBe(0);
    await api.produce(topic, [{ value: "after" }]);
    const deliveries = await receiver.until("all three", (ds) => delivered(ds).length === 3);
    expect(delivered(deliveries)).toEqual([0, 1, 2]);
    await fault(api, topic, 0, "up");
  });

  it("keeps its place and its watches through a restart of every object", {
    timeout: 60_000,
  }, async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const receiver = new PushReceiver(`restart-${topic}`);
    await api.request("PUT", subscriptionPath(topic, "durable"), {
      url: receiver.url,
      timeoutMs: 30_000,
    });
    await api.produce(topic, [{ value: 1 }, { value: 2 }]);
    await receiver.until("two records", (ds) => delivered(ds).length === 2);
    // Idle means idle: no timer of the last delivery is left to hold the object awake (a
    // timeout timer outliving its answer once kept every object busy for timeoutMs).
    const evictStarted = Date.now();
    await evictAllDurableObjects();
    expect(Date.now() - evictStarted).toBeLessThan(10_000);
    await api.produce(topic, [{ value: 3 }]);
    const deliveries = await receiver.until("the third", (ds) => delivered(ds).length === 3);
    expect(delivered(deliveries)).toEqual([0, 1, 2]);
  });
});
