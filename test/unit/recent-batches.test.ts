// The leader's in-memory tail of batches: contiguous, bounded, and honest about what it lacks.
import { describe, expect, it } from "vitest";
import { type BatchRow, RowFormat } from "../../src/log/batch-row.js";
import { RecentBatches } from "../../src/log/recent-batches.js";
import { REPLICATION_CACHE_BYTES_MAX } from "../../src/protocol/limits.js";

function row(baseOffset: number, recordCount: number, byteSize = 100, leaderEpoch = 0): BatchRow {
  return {
    baseOffset,
    endOffset: baseOffset + recordCount,
    recordCount,
    byteSize,
    leaderEpoch,
    maxTimestamp: 0,
    format: RowFormat.COMPACT,
    payload: "",
    recordIndex: new Uint32Array(2 * recordCount),
    timestamps: null,
    recordOffsets: null,
    producer: null,
  };
}

describe("RecentBatches", () => {
  it("serves batches from the one holding an offset, within a byte budget", () => {
    const recent = new RecentBatches();
    recent.add([row(0, 5), row(5, 5), row(10, 5)]);
    expect(recent.from(7, 1_000)?.map((r) => r.baseOffset)).toEqual([5, 10]);
    expect(recent.from(7, 150)?.map((r) => r.baseOffset)).toEqual([5]);
    expect(recent.from(15, 1_000)).toEqual([]);
  });

  it("forgets the oldest batches past its bound, and says when it cannot serve", () => {
    const recent = new RecentBatches();
    const big = REPLICATION_CACHE_BYTES_MAX / 2;
    recent.add([row(0, 1, big), row(1, 1, big), row(2, 1, big)]);
    expect(recent.from(0, Number.MAX_SAFE_INTEGER)).toBeNull();
    expect(recent.from(1, Number.MAX_SAFE_INTEGER)?.map((r) => r.baseOffset)).toEqual([1, 2]);
    recent.clear();
    expect(recent.from(1, 1)).toBeNull();
  });
});
