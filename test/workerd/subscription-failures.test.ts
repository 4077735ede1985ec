// Push subscriptions when the endpoint fails (design/delivery.md): a partition whose endpoint
// keeps failing is dead-lettered after maxAttempts while the others carry on; without a
// dead-letter topic it stays `failing` and never skips a record; a 410 pauses, and resume
// retries the same batch under the same delivery id.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { replicaStatus, runAlarmsUntil, topicIdOf } from "../support/maintenance.js";
import { describeSubscription, subscriptionPath } from "../support/subscriptions.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver } from "./push-receiver-client.js";

describe("push subscription failures", () => {
  it("dead-letters a permanently failing partition while the others continue", async () => {
    const topic = uniqueTopic();
    const dead = `${topic}-dlq`;
    await api.createTopic(topic, { partitions: 2 });
    await api.createTopic(dead);
    const receiver = new PushReceiver(`dlq-${topic}`);
    await receiver.script({ failPartitions: { "1": 500 } });
    const put = await api.request("PUT", subscriptionPath(topic, "dlq"), {
      url: receiver.url,
      maxAttempts: 3,
      backoffMs: 10,
      backoffMsMax: 20,
      deadLetterTopic: dead,
    });
    expect(put.status).toBe(201);
    await api.produce(topic, [
      { key: "a", value: 1, partition: 0 },
      { key: "b", value: { n: 2 }, partition: 1, headers: { trace: "t-2" } },
      { value: 3, partition: 1 },
      { key: "c", value: 4, partition: 0 },
    ]);
    const letters = await eventually("two dead letters", async () => {
      const records = await api.fetchAll(dead, 0);
      return records.length === 2 ? records : undefined;
    });
    expect(letters.map((r) => [r.key, r.value])).toEqual([
      ["b", { n: 2 }],
      [null, 3],
    ]);
    expect(letters[0]?.headers).toEqual({
      trace: "t-2",
      "edgelog-source-topic": topic,
      "edgelog-source-partition": "1",
      "edgelog-source-offset": "0",
      "edgelog-dead-reason": "delivery-failed",
      "edgelog-dead-last-status": "500",
    });
    expect(letters[1]?.headers?.["edgelog-source-offset"]).toBe("1");
    const deliveries = await receiver.deliveries();
    expect(deliveries.filter((d) => d.partition === 0 && d.answered === 200)).toHaveLength(1);
    const failed = deliveries.filter((d) => d.partition === 1);
    expect(failed.map((d) => d.answered)).toEqual([500, 500, 500]);
    expect(new Set(failed.map((d) => d.deliveryId))).toEqual(new Set([`dlq/${topic}/1/0`]));
    const described = await eventually("the counters", async () => {
      const d = await describeSubscription(api, topic, "dlq");
      return d.deadLettered === 2 ? d : undefined;
    });
    expect(described).toMatchObject({ state: "active", delivered: 2, deadLettered: 2 });
    expect(described.partitions.map((p) => p.deliveredOffset)).toEqual([2, 2]);
  });

  it("without a dead-letter topic a failing partition is retried, never skipped", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const receiver = new PushReceiver(`failing-${topic}`);
    await receiver.script({ failPartitions: { "0": 503 } });
    await api.request("PUT", subscriptionPath(topic, "stuck"), {
      url: receiver.url,
      maxAttempts: 2,
      backoffMs: 10,
      backoffMsMax: 20,
    });
    await api.produce(topic, [{ value: "x" }]);
    const failing = await eventually("the subscription to fail", async () => {
      const d = await describeSubscription(api, topic, "stuck");
      return d.state === "failing" ? d : undefined;
    });
    expect(failing.partitions[0]).toMatchObject({ deliveredOffset: 0, lagRecords: 1 });
    expect(failing.partitions[0]?.lastError).toContain("503");
    // Still retried at the longest backoff: the endpoint recovers and gets the same batch.
    await receiver.script({});
    const deliveries = await receiver.until("a 2xx", (ds) => ds.some((d) => d.answered === 200));
    expect(new Set(deliveries.map((d) => d.deliveryId))).toEqual(new Set([`stuck/${topic}/0/0`]));
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    const after = await eventually("active again", async () => {
      const d = await describeSubscription(api, topic, "stuck");
      return d.state === "active" ? d : undefined;
    });
    expect(after).toMatchObject({ delivered: 1, deadLettered: 0 });
  });

  it("a 410 pauses; resume retries the same batch under the same delivery id", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const receiver = new PushReceiver(`gone-${topic}`);
    await receiver.script({ answers: [{ status: 410 }] });
    await api.request("PUT", subscriptionPath(topic, "gone"), { url: receiver.url });
    await api.produce(topic, [{ value: 1 }, { value: 2 }]);
    await eventually("the 410 to pause it", async () => {
      const d = await describeSubscription(api, topic, "gone");
      return d.state === "paused" ? d : undefined;
    });
    await api.produce(topic, [{ value: 3 }]);
    expect(await receiver.deliveries()).toHaveLength(1);
    const resumed = await api.request("POST", `${subscriptionPath(topic, "gone")}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ state: "active" });
    const deliveries = await receiver.until(
      "the retry and the rest",
      (ds) => ds.filter((d) => d.answered === 200).flatMap((d) => d.offsets).length === 3,
    );
    expect(deliveries[0]).toMatchObject({ answered: 410, offsets: [0, 1] });
    expect(deliveries[1]).toMatchObject({
      answered: 200,
      offsets: [0, 1],
      deliveryId: deliveries[0]?.deliveryId,
    });
    expect(deliveries[2]).toMatchObject({ answered: 200, offsets: [2] });
  });

  it("a retry sends the same batch even when more records arrived meanwhile", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const receiver = new PushReceiver(`same-${topic}`);
    await receiver.script({ answers: [{ status: 500 }] });
    await api.request("PUT", subscriptionPath(topic, "same"), {
      url: receiver.url,
      backoffMs: 300,
      backoffMsMax: 300,
    });
    await api.produce(topic, [{ value: 1 }, { value: 2 }]);
    await receiver.until("the failed first attempt", (ds) => ds.length === 1);
    await api.produce(topic, [{ value: 3 }]);
    const deliveries = await receiver.until(
      "the rest",
      (ds) => ds.filter((d) => d.answered === 200).flatMap((d) => d.offsets).length === 3,
    );
    expect(deliveries.map((d) => [d.answered, d.offsets, d.deliveryId])).toEqual([
      [500, [0, 1], `same/${topic}/0/0`],
      [200, [0, 1], `same/${topic}/0/0`],
      [200, [2], `same/${topic}/0/2`],
    ]);
  });

  it("moves past a batch in flight that compaction removed before its retry", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { cleanupPolicy: "compact", minCompactionLagMs: 0 });
    const topicId = await topicIdOf(api, topic);
    const receiver = new PushReceiver(`compacted-${topic}`);
    await receiver.script({ answers: [{ status: 500 }] });
    await api.request("PUT", subscriptionPath(topic, "c"), {
      url: receiver.url,
      backoffMs: 60_000,
    });
    await api.produce(topic, [
      { key: "a", value: 1 },
      { key: "b", value: 2 },
    ]);
    await receiver.until("the failed first attempt", (ds) => ds.length === 1);
    await api.produce(topic, [
      { key: "a", value: 3 },
      { key: "b", value: 4 },
    ]);
    await runAlarmsUntil(
      topic,
      0,
      async () => (await replicaStatus(topic, topicId, 0)).storage.records === 2,
    );
    // Retried at once: the batch [0, 1] is gone, so delivery goes on with offsets 2 and 3.
    await api.request("POST", `${subscriptionPath(topic, "c")}/resume`);
    const deliveries = await receiver.until("offsets 2 and 3", (ds) => ds.length === 2);
    expect(deliveries.map((d) => [d.answered, d.offsets])).toEqual([
      [500, [0, 1]],
      [200, [2, 3]],
    ]);
  });

  it("pause stops deliveries until resume", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const receiver = new PushReceiver(`pause-${topic}`);
    await api.request("PUT", subscriptionPath(topic, "p"), { url: receiver.url });
    const paused = await api.request("POST", `${subscriptionPath(topic, "p")}/pause`);
    expect(paused).toMatchObject({ status: 200, body: { state: "paused" } });
    await api.produce(topic, [{ value: 1 }]);
    // Resume: delivered now, and nothing reached the receiver before.
    expect(await receiver.deliveries()).toEqual([]);
    const resumed = await api.request("POST", `${subscriptionPath(topic, "p")}/resume`);
    expect(resumed).toMatchObject({ status: 200, body: { state: "active" } });
    await receiver.until("the record", (ds) => ds.length === 1);
  });
});
