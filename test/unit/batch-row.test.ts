// Arithmetic over one stored batch: positions by offset (dense or with compaction's holes), and
// the tail a follower needs when it ends inside a leader's batch.
import { describe, expect, it } from "vitest";
import { frameRows, sliceRecords } from "../../src/log/batch-framing.js";
import {
  type BatchRow,
  endAfterRows,
  indexOf,
  offsetAt,
  trimRowStart,
} from "../../src/log/batch-row.js";
import { encodeBatch } from "../../src/log/encoded-batch.js";
import { encodeRecord } from "../../src/log/record-codec.js";
import type { ProduceRecord } from "../../src/protocol/types.js";

function stored(values: unknown[], baseOffset: number): BatchRow {
  const records: ProduceRecord[] = values.map((value) => ({ value }));
  const encoded = records.map((record, i) => encodeRecord(record, i));
  const batch = encodeBatch(
    records,
    encoded,
    records.map((_, i) => i),
  );
  const [row] = frameRows(batch, baseOffset, 1_000, 3, null);
  return row as BatchRow;
}

const utf8 = new TextEncoder();

describe("batch row", () => {
  it("finds records by offset in a dense batch", () => {
    const row = stored(["a", "b", "c"], 10);
    expect(indexOf(row, 5)).toBe(0);
    expect(indexOf(row, 11)).toBe(1);
    expect(indexOf(row, 20)).toBe(3);
    expect(offsetAt(row, 2)).toBe(12);
  });

  it("finds records by offset across compaction's holes", () => {
    const row = {
      ...stored(["a", "b", "c"], 10),
      endOffset: 20,
      recordOffsets: new Uint32Array([0, 4, 9]),
    };
    expect(indexOf(row, 11)).toBe(1);
    expect(indexOf(row, 14)).toBe(1);
    expect(indexOf(row, 15)).toBe(2);
    expect(indexOf(row, 19)).toBe(2);
    expect(indexOf(row, 20)).toBe(3);
    expect(offsetAt(row, 2)).toBe(19);
  });

  it("trims a batch to its tail from an offset, keeping text, index and sizes consistent", () => {
    const row = stored(["a", "é", "ccc"], 10);
    const tail = trimRowStart(row, 11);
    expect(tail.baseOffset).toBe(11);
    expect(tail.recordCount).toBe(2);
    const texts = JSON.parse(`[${tail.payload}]`) as Array<{ offset: number; value: string }>;
    expect(texts.map((r) => [r.offset, r.value])).toEqual([
      [11, "é"],
      [12, "ccc"],
    ]);
    expect(tail.byteSize).toBe(utf8.encode(tail.payload).length - 1);
    expect(sliceRecords(tail.payload, tail.recordIndex, 1, 2, 2)).toBe(
      sliceRecords(row.payload, row.recordIndex, 2, 3, 3),
    );
    expect(trimRowStart(row, 10)).toBe(row);
  });

  it("continues a log only with batches at or past its end, gaps kept", () => {
    const first = stored(["a", "b"], 4);
    const gapped = { ...stored(["c"], 8), endOffset: 10 };
    expect(endAfterRows([first, gapped], 4)).toBe(10);
    expect(() => endAfterRows([first], 5)).toThrow("does not continue the log at 5");
    expect(() => endAfterRows([{ ...first, recordCount: 0 }], 4)).toThrow();
  });
});
