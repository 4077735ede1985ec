// Batches as stored: a produce's encoded batch cut into compact rows under BATCH_ROW_BYTES_MAX.
// A compact row keeps the gateway's bodies as they came (one string, no per-record copy); the
// offsets are base + index and the timestamps are the row's one append time unless producers
// stamped records, so neither is written per record. Reads frame them (row-records.ts).
import { BATCH_ROW_BYTES_MAX } from "../protocol/limits.js";
import { type BatchRow, type ProducerBatch, RowFormat } from "./batch-row.js";
import { type EncodedBatch, recordCountOf } from "./encoded-batch.js";
import { BARE_BYTES } from "./record-codec.js";

/** What framing adds to a body besides the offset's and timestamp's digits (all ASCII). */
export const FRAME_BYTES = '{"offset":,"timestamp":,}'.length;

/** Digits of a non-negative integer below 2^53, without building its string. */
export function decimalLength(n: number): number {
  let digits = 1;
  for (let ten = 10; ten <= n; ten *= 10) digits++;
  return digits;
}

/**
 * The compact rows of `batch` at `baseOffset`. Each record's size as served (what fetch limits,
 * retention and storage count) is its body's plus the framing's, found from digit counts.
 */
export function compactRows(
  batch: EncodedBatch,
  baseOffset: number,
  appendTime: number,
  epoch: number,
  producer: ProducerBatch | null,
): BatchRow[] {
  const rows: BatchRow[] = [];
  const count = recordCountOf(batch);
  const ends = batch.bodyEnds;
  const sizes = batch.bodyBytes;
  const given = batch.timestamps;
  const framing = FRAME_BYTES + (batch.bare ? BARE_BYTES : 0);
  const appendTimeDigits = decimalLength(appendTime);
  let offsetDigits = decimalLength(baseOffset);
  let nextDigitAt = 10 ** offsetDigits;
  let start = 0;
  while (start < count) {
    const charsBefore = start === 0 ? 0 : (ends[start - 1] as number);
    const index = new Uint32Array(2 * (count - start));
    const stamps = given === null ? null : new Float64Array(count - start);
    let bytes = 0;
    let maxTimestamp = given === null ? appendTime : 0;
    let uniform = true;
    let i = start;
    for (; i < count; i++) {
      const end = ends[i] as number;
      const bodyBytes = sizes === null ? end - (i > 0 ? (ends[i - 1] as number) : 0) : sizes[i];
      if (baseOffset + i >= nextDigitAt) {
        offsetDigits++;
        nextDigitAt *= 10;
      }
      let timestampDigits = appendTimeDigits;
      if (stamps !== null) {
        const stamped = (given as Float64Array)[i] as number;
        const timestamp = stamped < 0 ? appendTime : stamped;
        stamps[i - start] = timestamp;
        if (i > start && timestamp !== stamps[0]) uniform = false;
        if (timestamp > maxTimestamp) maxTimestamp = timestamp;
        timestampDigits = decimalLength(timestamp);
      }
      const size = (bodyBytes as number) + framing + offsetDigits + timestampDigits;
      // Sized as served: records joined by commas stay under the bound.
      if (i > start && bytes + size + 1 > BATCH_ROW_BYTES_MAX) break;
      bytes += size;
      index[2 * (i - start)] = end - charsBefore;
      index[2 * (i - start) + 1] = bytes;
    }
    const recordCount = i - start;
    const whole = start === 0 && i === count;
    rows.push({
      baseOffset: baseOffset + start,
      endOffset: baseOffset + i,
      recordCount,
      maxTimestamp,
      byteSize: bytes,
      leaderEpoch: epoch,
      format: batch.bare ? RowFormat.COMPACT_BARE : RowFormat.COMPACT,
      payload: whole ? batch.bodies : batch.bodies.slice(charsBefore, ends[i - 1] as number),
      recordIndex: recordCount === count - start ? index : index.slice(0, 2 * recordCount),
      timestamps: stamps === null || uniform ? null : stamps.slice(0, recordCount),
      recordOffsets: null,
      producer,
    });
    start = i;
  }
  return rows;
}
