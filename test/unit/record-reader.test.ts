// Reads join stored batches' records, framing compact rows, slicing framed ones: bounded by the
// high watermark, a record count and a byte budget (always at least one record), across
// compaction's holes, without decoding anything.
import { describe, expect, it } from "vitest";
import type { BatchRow } from "../../src/log/batch-row.js";
import { outOfRange } from "../../src/log/log-reads.js";
import { firstOffsetReaching, readRecords, timestampsIn } from "../../src/log/record-reader.js";
import type { ProduceRecord } from "../../src/protocol/types.js";
import { compactRow, framedRow } from "../support/stored-rows.js";

const values = (read: { records: string }) =>
  (JSON.parse(`[${read.records}]`) as Array<{ value: string }>).map((r) => r.value);

describe.each([
  ["compact rows", compactRow],
  ["framed rows", framedRow],
])("record reader over %s", (_format, rowOf) => {
  function stored(values: string[], baseOffset: number, timestamps: number[] = []): BatchRow {
    const records: ProduceRecord[] = values.map((value, i) =>
      timestamps[i] === undefined ? { value } : { value, timestamp: timestamps[i] },
    );
    return rowOf(records, baseOffset);
  }
  const batches = [stored(["a", "b", "c"], 0), stored(["d", "e"], 3)];

  it("reads across batches from the middle of one, up to the high watermark", () => {
    const read = readRecords(batches, 1, 4, 100, 1_000_000);
    expect(values(read)).toEqual(["b", "c", "d"]);
    expect(read).toMatchObject({ count: 3, nextOffset: 4 });
  });

  it("stops at the record count, and at the byte budget after one record", () => {
    expect(readRecords(batches, 0, 5, 2, 1_000_000)).toMatchObject({ count: 2, nextOffset: 2 });
    const one = readRecords(batches, 0, 5, 100, 1);
    expect(values(one)).toEqual(["a"]);
    expect(one.nextOffset).toBe(1);
  });

  it("skips compaction's holes and goes on at the offset after them", () => {
    const thinned = {
      ...stored(["x", "y"], 10),
      endOffset: 16,
      recordOffsets: new Uint32Array([1, 4]),
    };
    const read = readRecords([thinned], 10, 16, 100, 1_000_000);
    expect(values(read)).toEqual(["x", "y"]);
    expect(read.nextOffset).toBe(16);
    expect(readRecords([thinned], 10, 16, 1, 1_000_000).nextOffset).toBe(14);
  });

  it("finds stored timestamps and the first offset reaching a time", () => {
    const row = stored(["a", "b", "c"], 20, [5, 9, 7]);
    expect(timestampsIn([row], 21, 2)).toEqual([9, 7]);
    expect(firstOffsetReaching(row, 8, 0, 23)).toBe(21);
    expect(firstOffsetReaching(row, 8, 0, 21)).toBe(null);
    expect(firstOffsetReaching(row, 1, 22, 23)).toBe(22);
    expect(timestampsIn([stored(["a", "b"], 5)], 5, 2)).toEqual([1_000, 1_000]);
  });

  it("reads a mix of formats in one log, as if all were one", () => {
    const mixed = [framedRow([{ value: "a" }], 0), compactRow([{ key: "k", value: "b" }], 1)];
    const read = readRecords(mixed, 0, 2, 100, 1_000_000);
    expect(values(read)).toEqual(["a", "b"]);
    expect(read.records).toBe(
      '{"offset":0,"timestamp":1000,"key":null,"value":"a","headers":{}},' +
        '{"offset":1,"timestamp":1000,"key":"k","value":"b","headers":{}}',
    );
  });
});

describe("read range", () => {
  const offsets = { logStartOffset: 5, highWatermark: 8, logEndOffset: 10 };

  it("reads from the log start to the log end, and refuses outside with the bounds", () => {
    expect(outOfRange(5, offsets)).toBe(null);
    expect(outOfRange(10, offsets)).toBe(null);
    for (const offset of [4, 11]) {
      expect(outOfRange(offset, offsets)).toMatchObject({
        error: { code: "OFFSET_OUT_OF_RANGE", details: { logStartOffset: 5, highWatermark: 8 } },
      });
    }
  });
});
