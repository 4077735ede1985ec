// Stored rows for tests: a produce's encoded batch as the leader stores it now (compact rows), and
// as releases before compact rows stored it (framed rows: each record's served text, joined by
// commas), so both formats can be checked against each other and read side by side.
import { compactRows } from "../../src/log/batch-framing.js";
import { type BatchRow, RowFormat } from "../../src/log/batch-row.js";
import { type EncodedBatch, encodeBatch } from "../../src/log/encoded-batch.js";
import { BARE_PREFIX, BARE_SUFFIX, encodeRecord } from "../../src/log/record-codec.js";
import type { ProduceRecord } from "../../src/protocol/types.js";

export function encodedBatchOf(records: ProduceRecord[]): EncodedBatch {
  const encoded = records.map((record, i) => encodeRecord(record, i));
  return encodeBatch(
    records,
    encoded,
    records.map((_, i) => i),
  );
}

/** Record `i`'s body as the gateway sent it. */
export function bodyAt(batch: EncodedBatch, i: number): string {
  const ends = batch.bodyEnds;
  return batch.bodies.slice(i > 0 ? (ends[i - 1] as number) : 0, ends[i] as number);
}

/** Record `i`'s timestamp: the producer's, or `appendTime` when it asked for log-append time. */
export function timestampAt(batch: EncodedBatch, i: number, appendTime: number): number {
  const given = batch.timestamps === null ? -1 : (batch.timestamps[i] as number);
  return given < 0 ? appendTime : given;
}

/** The one compact row of a small batch. */
export function compactRow(records: ProduceRecord[], baseOffset: number, appendTime = 1_000) {
  return compactRows(encodedBatchOf(records), baseOffset, appendTime, 0, null)[0] as BatchRow;
}

const utf8 = new TextEncoder();

/** A small batch as one framed row, the format every row had before compact rows. */
export function framedRow(
  records: ProduceRecord[],
  baseOffset: number,
  appendTime = 1_000,
): BatchRow {
  const batch = encodedBatchOf(records);
  const texts: string[] = [];
  const index = new Uint32Array(2 * records.length);
  let chars = -1;
  let bytes = 0;
  let maxTimestamp = 0;
  for (let i = 0; i < records.length; i++) {
    const timestamp = timestampAt(batch, i, appendTime);
    const body = batch.bare ? `${BARE_PREFIX}${bodyAt(batch, i)}${BARE_SUFFIX}` : bodyAt(batch, i);
    const text = `{"offset":${baseOffset + i},"timestamp":${timestamp},${body}}`;
    texts.push(text);
    chars += text.length + 1;
    bytes += utf8.encode(text).length;
    index[2 * i] = chars;
    index[2 * i + 1] = bytes;
    maxTimestamp = Math.max(maxTimestamp, timestamp);
  }
  return {
    baseOffset,
    endOffset: baseOffset + records.length,
    recordCount: records.length,
    maxTimestamp,
    byteSize: bytes,
    leaderEpoch: 0,
    format: RowFormat.FRAMED,
    payload: texts.join(","),
    recordIndex: index,
    timestamps: null,
    recordOffsets: null,
    producer: null,
  };
}
