// Compact rows (bodies only, framed when read) serve exactly what the framed rows of earlier
// releases serve: the same texts, sizes and timestamps, cut the same way by compaction and
// truncation, whichever of the encoded batch's shortcuts applies.
import { describe, expect, it } from "vitest";
import { compactRows, decimalLength } from "../../src/log/batch-framing.js";
import { type BatchRow, RowFormat } from "../../src/log/batch-row.js";
import {
  asFramedRow,
  keepFirst,
  keepRecords,
  recordTexts,
  recordTimestamps,
} from "../../src/log/row-records.js";
import { BATCH_ROW_BYTES_MAX } from "../../src/protocol/limits.js";
import type { ProduceRecord } from "../../src/protocol/types.js";
import { compactRow, encodedBatchOf, framedRow } from "../support/stored-rows.js";

const utf8 = new TextEncoder();

const shapes: Array<[string, ProduceRecord[]]> = [
  ["bare ASCII", [{ value: "a" }, { value: 12 }, { value: { x: [1, null] } }]],
  ["bare non-ASCII", [{ value: "é" }, { value: "ключ" }, { value: "a" }]],
  [
    "mixed keys, headers and base64",
    [
      { value: 1 },
      { key: "ключ", value: { a: "ü" }, headers: { h: "v" } },
      { keyBase64: "AAE=", valueBase64: "/w==" },
    ],
  ],
  ["stamped", [{ value: "a", timestamp: 7 }, { value: "b" }, { value: "c", timestamp: 123 }]],
  [
    "stamped alike",
    [
      { value: "a", timestamp: 7 },
      { value: "b", timestamp: 7 },
      { value: "c", timestamp: 7 },
    ],
  ],
];

/** Sizes as the index keeps them: each record's served UTF-8 bytes. */
function sizes(row: BatchRow): number[] {
  const index = row.recordIndex;
  return Array.from({ length: row.recordCount }, (_, i) => {
    return (index[2 * i + 1] as number) - (i > 0 ? (index[2 * i - 1] as number) : 0);
  });
}

describe("compact rows", () => {
  for (const [shape, records] of shapes) {
    it(`serve ${shape} records as framed rows do, at offsets crossing a digit`, () => {
      const compact = compactRow(records, 9_999, 1_700_000_000_000);
      const framed = framedRow(records, 9_999, 1_700_000_000_000);
      expect(compact.format).not.toBe(RowFormat.FRAMED);
      expect(recordTexts(compact, 0, records.length)).toBe(framed.payload);
      expect(recordTexts(compact, 1, 3)).toBe(recordTexts(framed, 1, 3));
      expect(recordTexts(compact, 1, 1)).toBe("");
      expect(sizes(compact)).toEqual(sizes(framed));
      expect(compact.byteSize).toBe(framed.byteSize);
      expect(compact.maxTimestamp).toBe(framed.maxTimestamp);
      expect(Array.from(recordTimestamps(compact))).toEqual(Array.from(recordTimestamps(framed)));
      expect(compact.payload.length).toBeLessThan(framed.payload.length);
    });

    it(`keep ${shape} records through compaction's thinning and truncation`, () => {
      const compact = compactRow(records, 40);
      const framed = framedRow(records, 40);
      for (const cut of [
        (row: BatchRow) => keepRecords(row, [0, 2]),
        (row: BatchRow) => keepFirst(row, 2),
      ]) {
        const [a, b] = [cut(compact), cut(framed)];
        expect(recordTexts(a, 0, a.recordCount)).toBe(recordTexts(b, 0, b.recordCount));
        expect(sizes(a)).toEqual(sizes(b));
        expect(a.byteSize).toBe(b.byteSize);
        expect(Array.from(recordTimestamps(a))).toEqual(Array.from(recordTimestamps(b)));
      }
      expect(keepRecords(compact, [0, 2]).recordOffsets).toEqual(new Uint32Array([0, 2]));
      expect(keepFirst(compact, 2).endOffset).toBe(42);
    });
  }

  it("become the framed rows a follower of an earlier release stores", () => {
    for (const [, records] of shapes) {
      expect(asFramedRow(compactRow(records, 9_998))).toEqual(framedRow(records, 9_998));
    }
    const framed = framedRow([{ value: 1 }], 0);
    expect(asFramedRow(framed)).toBe(framed);
  });

  it("keep one timestamp for the row unless producers stamped records differently", () => {
    expect(compactRow([{ value: 1 }, { value: 2 }], 0, 55).timestamps).toBe(null);
    expect(
      compactRow(
        [
          { value: 1, timestamp: 3 },
          { value: 2, timestamp: 3 },
        ],
        0,
      ).timestamps,
    ).toBe(null);
    expect(compactRow([{ value: 1, timestamp: 3 }, { value: 2 }], 0, 55).timestamps).toEqual(
      new Float64Array([3, 55]),
    );
  });

  it("store the gateway's bodies as they came, and cut a batch into rows as served", () => {
    const small = encodedBatchOf([{ value: "a" }, { value: "b" }]);
    expect(compactRows(small, 0, 1, 0, null)[0]?.payload).toBe(small.bodies);
    const value = "é".repeat(100_000);
    const records = Array.from({ length: 30 }, () => ({ value }));
    const rows = compactRows(encodedBatchOf(records), 98, 1_000, 0, null);
    expect(rows.length).toBeGreaterThan(1);
    let next = 98;
    for (const row of rows) {
      expect(row.baseOffset).toBe(next);
      const served = recordTexts(row, 0, row.recordCount);
      expect(utf8.encode(served).length).toBeLessThanOrEqual(BATCH_ROW_BYTES_MAX);
      expect(row.byteSize).toBe(utf8.encode(served).length - (row.recordCount - 1));
      expect(served).toBe(framedRow(records.slice(0, row.recordCount), next).payload);
      next = row.endOffset;
    }
    expect(next).toBe(128);
  });

  it("count digits as String does", () => {
    for (const n of [0, 9, 10, 99, 100, 999_999, 1_000_000, 1_700_000_000_000, 2 ** 53 - 1]) {
      expect(decimalLength(n)).toBe(String(n).length);
    }
  });
});
