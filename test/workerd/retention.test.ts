// Retention on the partition's alarm (runDurableObjectAlarm, never a sleep): by time and by
// bytes in whole batches, the log start offset moving past them, on every replica alike.
import { describe, expect, it } from "vitest";
import { type FetchedRecord, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { replicaStatus, runAlarmsUntil, topicIdOf } from "../support/maintenance.js";
import { describePartition, fault, replicaOffsets } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

const HOUR_MS = 3_600_000;

function bytesOf(records: FetchedRecord[]): number {
  return records.reduce((sum, r) => sum + new TextEncoder().encode(JSON.stringify(r)).length, 0);
}

describe("retention", () => {
  it("deletes whole batches whose newest record is older than retentionMs, nothing newer", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { retentionMs: HOUR_MS });
    const now = Date.now();
    const old = (ageMs: number) => ({ value: `aged ${ageMs}`, timestamp: now - ageMs });
    await api.produce(topic, [old(3 * HOUR_MS), old(3 * HOUR_MS), old(3 * HOUR_MS)]);
    await api.produce(topic, [old(2 * HOUR_MS), old(HOUR_MS + 60_000)]);
    // A batch with one expired record and one inside the bound stays whole.
    await api.produce(topic, [old(2 * HOUR_MS), old(HOUR_MS - 60_000)]);
    await api.produce(topic, [{ value: "now" }]);
    // Appending expired batches set the alarm to run at once; it may have run already.
    await runAlarmsUntil(topic, 0, async () => {
      return (await api.offsets(topic, 0)).body.logStartOffset === 5;
    });

    const offsets = await api.offsets(topic, 0);
    expect(offsets.body).toMatchObject({ logStartOffset: 5, highWatermark: 8, logEndOffset: 8 });
    const kept = await api.fetchAll(topic, 0, 5);
    expect(kept.map((r) => [r.offset, r.value])).toEqual([
      [5, `aged ${2 * HOUR_MS}`],
      [6, `aged ${HOUR_MS - 60_000}`],
      [7, "now"],
    ]);
    const below = await api.fetch(topic, 0, { offset: 4 });
    expectError(below, 416, "OFFSET_OUT_OF_RANGE");
    expect(below.body).toMatchObject({ error: { details: { logStartOffset: 5 } } });
    // Without an offset a fetch starts at the log start.
    expect((await api.fetch(topic, 0)).body.records.map((r) => r.offset)).toEqual([5, 6, 7]);
    const described = await api.request<{ partitions: Array<{ storage: unknown }> }>(
      "GET",
      `/v1/topics/${topic}`,
    );
    expect(described.body.partitions[0]?.storage).toEqual({
      bytes: bytesOf(kept),
      batches: 2,
      records: 3,
    });
    // Appends go on at the log end; offsets are never reused.
    const more = await api.produce(topic, [{ value: "later" }]);
    expect(more.body.offsets[0]?.offset).toBe(8);
  });

  it("deletes a long run of expired batches, reading more of them as they go", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const old = Date.now() - 2 * HOUR_MS;
    for (let b = 0; b < 150; b++) await api.produce(topic, [{ value: b, timestamp: old }]);
    await api.produce(topic, [{ value: "fresh" }]);
    // Set retention once everything is written: 150 batches are due at once.
    await api.request("PATCH", `/v1/topics/${topic}`, { retentionMs: HOUR_MS });
    await runAlarmsUntil(topic, 0, async () => {
      return (await api.offsets(topic, 0)).body.logStartOffset === 150;
    });
    expect((await api.fetch(topic, 0)).body.records.map((r) => r.value)).toEqual(["fresh"]);
  });

  it("keeps the newest batches holding at least retentionBytes, exactly at the limit", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    for (let b = 0; b < 5; b++) {
      await api.produce(
        topic,
        Array.from({ length: 4 }, (_, i) => ({ key: `k${i}`, value: `batch ${b} record ${i}` })),
      );
    }
    const all = await api.fetchAll(topic, 0);
    const batchBytes = [0, 1, 2, 3, 4].map((b) => bytesOf(all.slice(4 * b, 4 * b + 4)));
    const lastTwo = (batchBytes[3] as number) + (batchBytes[4] as number);
    const retain = async (retentionBytes: number, logStartOffset: number) => {
      const patched = await api.request("PATCH", `/v1/topics/${topic}`, { retentionBytes });
      expect(patched.status).toBe(200);
      await runAlarmsUntil(topic, 0, async () => {
        const { body } = await api.offsets(topic, 0);
        return body.logStartOffset >= logStartOffset;
      });
      expect((await api.offsets(topic, 0)).body.logStartOffset).toBe(logStartOffset);
      expect(await api.fetchAll(topic, 0, logStartOffset)).toEqual(all.slice(logStartOffset));
    };
    // One byte more than the last two batches hold: the third-to-last must stay.
    await retain(lastTwo + 1, 8);
    // Exactly what the last two hold: they stay, everything older goes.
    await retain(lastTwo, 12);
    await retain(batchBytes[4] as number, 16);
  });

  it("deletes on every replica: followers follow the leader's log start", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { replicationFactor: 3, retentionMs: HOUR_MS });
    const topicId = await topicIdOf(api, topic);
    const now = Date.now();
    await api.produce(topic, [{ value: "old", timestamp: now - 2 * HOUR_MS }]);
    await api.produce(topic, [{ value: "older", timestamp: now - 3 * HOUR_MS }]);
    await api.produce(topic, [{ value: "new" }, { value: "newer" }]);
    const leader = await replicaStatus(topic, topicId, 0);
    expect(leader.role).toBe("leader");
    await runAlarmsUntil(topic, 0, async () => {
      return (await replicaStatus(topic, topicId, 0)).logStartOffset === 2;
    });
    for (const replica of [1, 2]) {
      const leaderStorage = (await replicaStatus(topic, topicId, 0)).storage;
      await eventually(`replica ${replica} to follow the log start`, async () => {
        const status = await replicaStatus(topic, topicId, replica);
        if (status.logStartOffset !== 2 || status.highWatermark !== 4) return undefined;
        expect(status.storage).toEqual(leaderStorage);
        return status;
      });
      const offsets = await replicaOffsets(api, topic, replica);
      expect(offsets.body.logStartOffset).toBe(2);
      const records = await api.fetchAll(topic, 0, 2, { replica });
      expect(records.map((r) => r.value)).toEqual(["new", "newer"]);
    }
  });

  it("starts a follower afresh at the log start when retention deleted what it lacked", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, {
      replicationFactor: 3,
      retentionMs: HOUR_MS,
      replicaLagMs: 300,
    });
    const topicId = await topicIdOf(api, topic);
    await fault(api, topic, 2, "down");
    const old = Date.now() - 2 * HOUR_MS;
    await api.produce(topic, [{ value: "old", timestamp: old }], { acks: 1 });
    await api.produce(topic, [{ value: "older", timestamp: old }], { acks: 1 });
    await eventually("replica 2 to leave the ISR", async () => {
      const p = await describePartition(api, topic);
      return p.isr.includes(2) ? undefined : p;
    });
    await api.produce(topic, [{ value: "new" }, { value: "newer" }], { acks: 1 });
    await runAlarmsUntil(topic, 0, async () => {
      return (await replicaStatus(topic, topicId, 0)).logStartOffset === 2;
    });
    // Replica 2 holds nothing; what it lacks below offset 2 no longer exists anywhere.
    await fault(api, topic, 2, "up");
    await eventually("replica 2 to rejoin the ISR", async () => {
      await api.produce(topic, [{ value: "nudge" }], { acks: 1 });
      const p = await describePartition(api, topic);
      return p.isr.includes(2) ? p : undefined;
    });
    const follower = await eventually("replica 2 to reach the high watermark", async () => {
      const status = await replicaStatus(topic, topicId, 2);
      const leader = await replicaStatus(topic, topicId, 0);
      return status.highWatermark === leader.highWatermark ? status : undefined;
    });
    expect(follower.logStartOffset).toBe(2);
    const leaderRecords = await api.fetchAll(topic, 0, 2, { replica: 0 });
    expect(await api.fetchAll(topic, 0, 2, { replica: 2 })).toEqual(leaderRecords);
    expect(leaderRecords.slice(0, 2).map((r) => r.value)).toEqual(["new", "newer"]);
  });

  it("keeps an idempotent producer in sequence after retention deleted its batches", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { retentionMs: HOUR_MS });
    const { body: producer } = await api.request<{ id: string; epoch: number }>(
      "POST",
      "/v1/producers",
      { name: uniqueTopic("p") },
    );
    const send = (sequence: number, timestamp: number) =>
      api.produce(topic, [{ value: sequence, timestamp }], {
        producer: { id: producer.id, epoch: producer.epoch, sequence },
      });
    const oldTime = Date.now() - 2 * HOUR_MS;
    for (let sequence = 0; sequence < 3; sequence++) {
      expect((await send(sequence, oldTime)).status).toBe(200);
    }
    await runAlarmsUntil(topic, 0, async () => {
      return (await api.offsets(topic, 0)).body.logStartOffset === 3;
    });
    // The retried last batch is still recognised, and the next sequence is still expected.
    const retried = await send(2, oldTime);
    expect(retried.body).toMatchObject({ offsets: [{ offset: 2 }], duplicate: true });
    expectError(await send(4, Date.now()), 409, "OUT_OF_ORDER_SEQUENCE");
    expect((await send(3, Date.now())).body.offsets[0]?.offset).toBe(3);
  });

  it("lets a group whose committed offset fell below the log start resume there", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { retentionMs: HOUR_MS });
    const group = uniqueTopic("g");
    await api.produce(topic, [{ value: 0, timestamp: Date.now() - 2 * HOUR_MS }]);
    await api.produce(topic, [{ value: 1, timestamp: Date.now() - 2 * HOUR_MS }]);
    await api.produce(topic, [{ value: 2 }, { value: 3 }]);
    const commit = await api.request("POST", `/v1/groups/${group}/offsets`, {
      offsets: [{ topic, partition: 0, offset: 1 }],
    });
    expect(commit.status).toBe(200);
    await runAlarmsUntil(topic, 0, async () => {
      return (await api.offsets(topic, 0)).body.logStartOffset === 2;
    });
    const offsets = await api.request<{ offsets: unknown[] }>("GET", `/v1/groups/${group}/offsets`);
    expect(offsets.body.offsets).toEqual([
      { topic, partition: 0, offset: 1, metadata: "", highWatermark: 4, logStartOffset: 2, lag: 2 },
    ]);
    // Fetching at the committed offset says where the log starts; reading on from there works.
    const stale = await api.fetch(topic, 0, { offset: 1 });
    expectError(stale, 416, "OFFSET_OUT_OF_RANGE");
    const resumed = await api.fetch(topic, 0, {
      offset: (stale.body as unknown as { error: { details: { logStartOffset: number } } }).error
        .details.logStartOffset,
    });
    expect(resumed.body.records.map((r) => r.value)).toEqual([2, 3]);
  });
});
