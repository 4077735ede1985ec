// The encoded batch: built once by the gateway, stored by the leader; each shortcut (bare, ASCII
// sizes) is decided in one place (row-records.test.ts: the served result is the same either way).
import { describe, expect, it } from "vitest";
import { encodeBatch, isWellFormed, sizesNeedNoMeasuring } from "../../src/log/encoded-batch.js";
import { encodeRecord } from "../../src/log/record-codec.js";
import type { ProduceRecord } from "../../src/protocol/types.js";
import { bodyAt, timestampAt } from "../support/stored-rows.js";

function batchOf(records: ProduceRecord[], sizesKnown = false) {
  const encoded = records.map((record, i) => encodeRecord(record, i, sizesKnown));
  return encodeBatch(
    records,
    encoded,
    records.map((_, i) => i),
  );
}

describe("encoded batch", () => {
  it("sends a share of bare records as values alone, with no sizes or timestamps", () => {
    const batch = batchOf([{ value: 1 }, { value: "a" }]);
    expect(batch).toMatchObject({ bodies: '1"a"', bare: true, bodyBytes: null, timestamps: null });
    expect([...batch.bodyEnds]).toEqual([1, 4]);
    expect(bodyAt(batch, 1)).toBe('"a"');
  });

  it("gives bare records of a mixed share their constant parts", () => {
    const batch = batchOf([{ value: 1 }, { key: "k", value: 2 }]);
    expect(batch.bare).toBe(false);
    expect(bodyAt(batch, 0)).toBe('"key":null,"value":1,"headers":{}');
    expect(bodyAt(batch, 1)).toBe('"key":"k","value":2,"headers":{}');
  });

  it("sends UTF-8 sizes once any body is not ASCII, and timestamps once any is given", () => {
    const batch = batchOf([{ value: "é" }, { value: "e", timestamp: 7 }]);
    expect([...(batch.bodyBytes ?? [])]).toEqual([4, 3]);
    expect(timestampAt(batch, 0, 100)).toBe(100);
    expect(timestampAt(batch, 1, 100)).toBe(7);
  });

  it("skips measuring only for ASCII text without \\u escapes", () => {
    expect(sizesNeedNoMeasuring({ length: 5, utf8Bytes: 5, unicodeEscapes: false })).toBe(true);
    expect(sizesNeedNoMeasuring({ length: 5, utf8Bytes: 6, unicodeEscapes: false })).toBe(false);
    expect(sizesNeedNoMeasuring({ length: 5, utf8Bytes: 5, unicodeEscapes: true })).toBe(false);
    expect(sizesNeedNoMeasuring({ length: 5, utf8Bytes: null, unicodeEscapes: false })).toBe(false);
    expect(sizesNeedNoMeasuring(undefined)).toBe(false);
  });

  it("is well formed only with one size and timestamp per record", () => {
    const batch = batchOf([{ value: "é", timestamp: 1 }]);
    expect(isWellFormed(batch)).toBe(true);
    expect(isWellFormed({ ...batch, timestamps: new Float64Array(2) })).toBe(false);
    expect(isWellFormed({ ...batch, bodyEnds: new Uint32Array(0) })).toBe(false);
  });
});
