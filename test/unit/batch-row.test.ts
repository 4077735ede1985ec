// Arithmetic over one stored batch: positions by offset (dense or with compaction's holes), and
// the tail a follower needs when it ends inside a leader's batch.
import { describe, expect, it } from "vitest";
import {
  type BatchRow,
  endAfterRows,
  indexOf,
  offsetAt,
  trimRowStart,
} from "../../src/log/batch-row.js";
import { recordTexts } from "../../src/log/row-records.js";
import { compactRow, framedRow } from "../support/stored-rows.js";

function stored(values: unknown[], baseOffset: number): BatchRow {
  return compactRow(
    values.map((value) => ({ value })),
    baseOffset,
  );
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

  for (const [format, rowOf] of [
    ["compact", compactRow],
    ["framed", framedRow],
  ] as const) {
    it(`trims a ${format} batch to its tail from an offset, keeping text, index and sizes`, () => {
      const row = rowOf([{ value: "a" }, { value: "é", timestamp: 5 }, { key: "k", value: 1 }], 10);
      const tail = trimRowStart(row, 11);
      expect(tail.baseOffset).toBe(11);
      expect(tail.recordCount).toBe(2);
      const served = recordTexts(tail, 0, 2);
      const texts = JSON.parse(`[${served}]`) as Array<{ offset: number; timestamp: number }>;
      expect(texts.map((r) => [r.offset, r.timestamp])).toEqual([
        [11, 5],
        [12, 1_000],
      ]);
      expect(served).toBe(recordTexts(row, 1, 3));
      expect(tail.byteSize).toBe(utf8.encode(served).length - 1);
      expect(recordTexts(tail, 1, 2)).toBe(recordTexts(row, 2, 3));
      expect(trimRowStart(row, 10)).toBe(row);
    });
  }

  it("continues a log only with batches at or past its end, gaps kept", () => {
    const first = stored(["a", "b"], 4);
    const gapped = { ...stored(["c"], 8), endOffset: 10 };
    expect(endAfterRows([first, gapped], 4)).toBe(10);
    expect(() => endAfterRows([first], 5)).toThrow("does not continue the log at 5");
    expect(() => endAfterRows([{ ...first, recordCount: 0 }], 4)).toThrow();
  });
});
