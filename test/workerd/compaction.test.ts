// Log compaction on the partition's alarm (runDurableObjectAlarm, never a sleep): the newest
// record per key stays with its original offset, tombstones go after deleteRetentionMs, readers
// never see offsets go back, and every in-sync replica ends with the same records.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PartitionLog } from "../../src/log/partition-log.js";
import { COMPACTION_RECORDS_PER_RUN } from "../../src/protocol/limits.js";
import { type Api, type FetchedRecord, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { replicaObject, replicaStatus, runAlarmsUntil, topicIdOf } from "../support/maintenance.js";
import { describePartition, fault, seededRandom } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

interface Written {
  offset: number;
  key: string;
  value: unknown;
}

/** Writes `batches` batches of random versions of `keys` keys, some of them tombstones. */
async function writeVersions(
  client: Api,
  topic: string,
  batches: number,
  keys: number,
  seed: number,
): Promise<Written[]> {
  const random = seededRandom(seed);
  const written: Written[] = [];
  for (let b = 0; b < batches; b++) {
    const records = Array.from({ length: 20 }, (_, i) => {
      const key = `k${Math.floor(random() * keys)}`;
      const value = random() < 0.15 ? null : { batch: b, i, note: "é✓" };
      return { key, value };
    });
    const answer = await client.produce(topic, records);
    expect(answer.status).toBe(200);
    answer.body.offsets.forEach((o, i) => {
      const record = records[i] as { key: string; value: unknown };
      written.push({ offset: o.offset, key: record.key, value: record.value });
    });
  }
  return written;
}

/** The newest record of every key whose newest is not a tombstone, in offset order. */
function latestLive(written: Written[]): Written[] {
  const newest = new Map<string, Written>();
  for (const w of written) newest.set(w.key, w);
  return [...newest.values()].filter((w) => w.value !== null).sort((a, b) => a.offset - b.offset);
}

const view = (records: FetchedRecord[]) => records.map((r) => [r.offset, r.key, r.value]);

/**
 * Turns compaction on once the records are written (PATCH cleanupPolicy). Written to a compacted
 * topic, the first pass would start with the first batch and the next wait out
 * COMPACTION_INTERVAL_MS; switching the policy starts one pass over everything at once.
 */
async function startCompacting(topic: string, policy = "compact"): Promise<void> {
  const patched = await api.request("PATCH", `/v1/topics/${topic}`, { cleanupPolicy: policy });
  expect(patched.status).toBe(200);
}

async function compacted(topic: string, topicId: string, replica: number): Promise<boolean> {
  const status = await replicaStatus(topic, topicId, replica);
  return status.cleanOffset === status.highWatermark && status.highWatermark > 0;
}

describe("compaction", () => {
  it("keeps exactly the newest value of every live key, at its original offset", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { deleteRetentionMs: 0 });
    const topicId = await topicIdOf(api, topic);
    const written = await writeVersions(api, topic, 12, 15, 7);
    // The log's newest record always stays; make it a live one so the read is exact.
    const last = await api.produce(topic, [{ key: "final", value: "last word" }]);
    written.push({
      offset: last.body.offsets[0]?.offset as number,
      key: "final",
      value: "last word",
    });
    const expected = latestLive(written);

    await startCompacting(topic);
    await runAlarmsUntil(topic, 0, () => compacted(topic, topicId, 0));

    const records = await api.fetchAll(topic, 0);
    expect(view(records)).toEqual(expected.map((w) => [w.offset, w.key, w.value]));
    const status = await replicaStatus(topic, topicId, 0);
    expect(status.storage.records).toBe(expected.length);
    expect(status.logEndOffset).toBe(written.length);
    // Offsets go on from the log end; none is reused.
    const next = await api.produce(topic, [{ key: "k1", value: "after" }]);
    expect(next.body.offsets[0]?.offset).toBe(written.length);
  });

  it("keeps tombstones until deleteRetentionMs has passed", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { cleanupPolicy: "compact", deleteRetentionMs: 3_600_000 });
    const topicId = await topicIdOf(api, topic);
    const now = Date.now();
    await api.produce(topic, [
      { key: "a", value: 1 },
      { key: "b", value: 1 },
      { key: "a", value: null },
      { key: "c", value: null, timestamp: now - 2 * 3_600_000 },
      { key: "d", value: "live" },
    ]);
    await runAlarmsUntil(topic, 0, () => compacted(topic, topicId, 0));
    // a's value is superseded by its tombstone, which is young and stays; c's tombstone is old.
    expect(view(await api.fetchAll(topic, 0))).toEqual([
      [1, "b", 1],
      [2, "a", null],
      [4, "d", "live"],
    ]);
  });

  it("never moves a reader's offsets back when compaction runs between its fetches", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { deleteRetentionMs: 0 });
    const topicId = await topicIdOf(api, topic);
    const written = await writeVersions(api, topic, 10, 8, 11);
    await api.produce(topic, [{ key: "final", value: 0 }]);
    const first = await api.fetch(topic, 0, { offset: 0, maxRecords: 30 });
    expect(first.body.records.map((r) => r.offset)).toEqual([...Array(30).keys()]);

    await startCompacting(topic);
    await runAlarmsUntil(topic, 0, () => compacted(topic, topicId, 0));

    const rest = await api.fetchAll(topic, 0, first.body.nextOffset);
    const offsets = [...first.body.records, ...rest].map((r) => r.offset);
    for (let i = 1; i < offsets.length; i++) {
      expect(offsets[i]).toBeGreaterThan(offsets[i - 1] as number);
    }
    // What the reader sees after the cut is the compacted log from there on.
    const byOffset = new Map(written.map((w) => [w.offset, w]));
    for (const record of rest) {
      const w = byOffset.get(record.offset);
      if (w !== undefined) expect([record.key, record.value]).toEqual([w.key, w.value]);
    }
    expect(rest.at(-1)?.key).toBe("final");
  });

  it("compacts every replica to the same records", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { deleteRetentionMs: 0, replicationFactor: 3 });
    const topicId = await topicIdOf(api, topic);
    await writeVersions(api, topic, 10, 12, 3);
    await api.produce(topic, [{ key: "final", value: 1 }]);
    await startCompacting(topic);
    await runAlarmsUntil(topic, 0, () => compacted(topic, topicId, 0));
    const leader = await api.fetchAll(topic, 0, 0, { replica: 0 });
    const leaderStatus = await replicaStatus(topic, topicId, 0);
    for (const replica of [1, 2]) {
      // The leader ships its pass with the next push; the follower runs it on its own alarm.
      await eventually(`replica ${replica} to run the leader's pass`, async () => {
        const status = await replicaStatus(topic, topicId, replica);
        const done = status.cleanOffset === leaderStatus.cleanOffset;
        return done && status.highWatermark === leaderStatus.highWatermark ? status : undefined;
      });
      expect(await api.fetchAll(topic, 0, 0, { replica })).toEqual(leader);
      expect((await replicaStatus(topic, topicId, replica)).storage).toEqual(leaderStatus.storage);
    }
  });

  it("brings a lagging follower up through the compacted log, gaps and all", async () => {
    const topic = uniqueTopic();
    // Compacted from the start: passes run while replica 2 is away (at least half the log is
    // dirty after every batch of 20 over 6 keys), so it comes back to a log full of gaps.
    await api.createTopic(topic, {
      cleanupPolicy: "compact",
      deleteRetentionMs: 0,
      replicationFactor: 3,
      replicaLagMs: 300,
    });
    const topicId = await topicIdOf(api, topic);
    await writeVersions(api, topic, 2, 6, 5);
    await fault(api, topic, 2, "down");
    await eventually("replica 2 to leave the ISR", async () => {
      await api.produce(topic, [{ key: "k0", value: "while 2 is down" }], { acks: 1 });
      const p = await describePartition(api, topic);
      return p.isr.includes(2) ? undefined : p;
    });
    await writeVersions(api, topic, 8, 6, 6);
    await runAlarmsUntil(topic, 0, () => compacted(topic, topicId, 0));
    const leader = await api.fetchAll(topic, 0, 0, { replica: 0 });
    await fault(api, topic, 2, "up");
    // Replica 2 copies the compacted batches from where it stopped, then runs the same pass.
    await eventually("replica 2 to compact to the leader's records", async () => {
      const status = await replicaStatus(topic, topicId, 2);
      const leaderStatus = await replicaStatus(topic, topicId, 0);
      const done = status.cleanOffset === leaderStatus.cleanOffset;
      return done && status.highWatermark === leaderStatus.highWatermark ? status : undefined;
    });
    expect(await api.fetchAll(topic, 0, 0, { replica: 2 })).toEqual(leader);
  });

  it("applies retention and compaction together under compact,delete", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { deleteRetentionMs: 0 });
    const topicId = await topicIdOf(api, topic);
    const old = Date.now() - 2 * 3_600_000;
    await api.produce(topic, [
      { key: "a", value: "old", timestamp: old },
      { key: "b", value: "old", timestamp: old },
    ]);
    await api.produce(topic, [
      { key: "a", value: 1 },
      { key: "a", value: 2 },
      { key: "c", value: 1 },
    ]);
    const patched = await api.request("PATCH", `/v1/topics/${topic}`, {
      cleanupPolicy: "compact,delete",
      retentionMs: 3_600_000,
    });
    expect(patched.status).toBe(200);
    await runAlarmsUntil(topic, 0, async () => {
      const status = await replicaStatus(topic, topicId, 0);
      return status.logStartOffset === 2 && status.cleanOffset === status.highWatermark;
    });
    expect(view(await api.fetchAll(topic, 0, 2))).toEqual([
      [3, "a", 2],
      [4, "c", 1],
    ]);
  });

  it("refuses a record without a key on a compacted topic, and writes nothing", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { cleanupPolicy: "compact" });
    const answer = await api.produce(topic, [{ key: "a", value: 1 }, { value: 2 }]);
    expectError(answer, 400, "INVALID_REQUEST");
    expect(answer.body).toMatchObject({ error: { details: { index: 1 } } });
    expect((await api.offsets(topic, 0)).body.logEndOffset).toBe(0);
    const base64 = await api.produce(topic, [{ keyBase64: "YQ==", value: 1 }]);
    expect(base64.status).toBe(200);
  });

  it("works through a big log in steps of a bounded number of records", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { deleteRetentionMs: 0 });
    // 120,000 records over 100 keys in batches of 10,000: several steps' worth.
    for (let b = 0; b < 12; b++) {
      const records = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i % 100}`, value: i }));
      expect((await api.produce(topic, records)).status).toBe(200);
    }
    // The policy stays "delete", so no alarm races this test: it runs the pass step by step.
    const steps = await runInDurableObject(replicaObject(topic, 0, 0), (instance) => {
      const log = (instance as unknown as { node: { log: PartitionLog } }).node.log;
      log.compaction.setTarget({ endOffset: log.offsetsNow().highWatermark, time: Date.now() });
      const read: number[] = [];
      for (let step = log.compaction.step(COMPACTION_RECORDS_PER_RUN); step !== null; ) {
        read.push(step.records);
        if (step.cleanOffset !== null) break;
        step = log.compaction.step(COMPACTION_RECORDS_PER_RUN);
      }
      return read;
    });
    // Reading for the key map, then rewriting: each step stops within one batch of its budget.
    expect(steps.length).toBeGreaterThanOrEqual(5);
    for (const records of steps) expect(records).toBeLessThan(COMPACTION_RECORDS_PER_RUN + 10_000);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(2 * 120_000);
    const records = await api.fetchAll(topic, 0);
    expect(records.map((r) => r.offset)).toEqual(
      Array.from({ length: 100 }, (_, i) => 119_900 + i),
    );
  });
});
