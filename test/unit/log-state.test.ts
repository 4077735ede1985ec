// What a partition replica recovers on restart and when it alone decides the high watermark.
import { describe, expect, it } from "vitest";
import {
  leads,
  recoveredHighWatermark,
  recoveredLogEnd,
  StorageCounts,
  soleInSync,
} from "../../src/log/log-state.js";
import type { PartitionMeta } from "../../src/log/partition-meta-store.js";

const meta: PartitionMeta = {
  topicId: "t-1",
  topic: "t",
  partition: 0,
  replica: 1,
  config: {
    replicationFactor: 3,
    minInsyncReplicas: 1,
    replicaLagMs: 10_000,
    cleanupPolicy: "delete",
  },
  logStartOffset: 4,
  leaderEpoch: 2,
  leader: 1,
  replicas: [0, 1, 2],
  isr: [0, 1],
  highWatermark: 7,
  cleaned: { endOffset: 0, time: 0 },
  compaction: { endOffset: 0, time: 0 },
};

describe("log state", () => {
  it("knows the sole in-sync leader, whose log end is the high watermark", () => {
    expect(leads(meta)).toBe(true);
    expect(soleInSync(meta)).toBe(false);
    expect(soleInSync({ ...meta, isr: [1] })).toBe(true);
    expect(soleInSync({ ...meta, leader: 0, isr: [1] })).toBe(false);
    expect(leads(null)).toBe(false);
  });

  it("recovers the log end from the batches, or the log start when retention took them all", () => {
    expect(recoveredLogEnd(12, meta)).toBe(12);
    expect(recoveredLogEnd(null, meta)).toBe(4);
    expect(recoveredLogEnd(null, null)).toBe(0);
  });

  it("recovers the stored high watermark within the log, or the log end alone in the ISR", () => {
    expect(recoveredHighWatermark(meta, 12)).toBe(7);
    expect(recoveredHighWatermark(meta, 6)).toBe(6);
    expect(recoveredHighWatermark({ ...meta, highWatermark: 2 }, 12)).toBe(4);
    expect(recoveredHighWatermark({ ...meta, isr: [1] }, 12)).toBe(12);
    expect(recoveredHighWatermark(null, 12)).toBe(0);
  });

  it("keeps storage counts in step with appends and compaction, and recounts on demand", () => {
    let stored = { bytes: 10, batches: 1, records: 2 };
    const counts = new StorageCounts(() => stored);
    counts.compacted({
      records: 2,
      changedBatches: 1,
      freedBytes: 4,
      deletedBatches: 0,
      freedRecords: 1,
      cleanOffset: null,
    });
    expect(counts.snapshot()).toEqual({ bytes: 6, batches: 1, records: 1 });
    stored = { bytes: 1, batches: 1, records: 1 };
    counts.recount();
    expect(counts.bytes).toBe(1);
    counts.cleared();
    expect(counts.snapshot()).toEqual({ bytes: 0, batches: 0, records: 0 });
  });
});
