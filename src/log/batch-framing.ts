// Batches as stored: records framed with their offsets and timestamps, cut into rows under
// BATCH_ROW_BYTES_MAX, and sliced back out of a row's text without decoding them.
import { BATCH_ROW_BYTES_MAX } from "../protocol/limits.js";
import type { BatchRow, ProducerBatch } from "./batch-row.js";
import {
  bodyAt,
  type EncodedBatch,
  framedBytesAt,
  recordCountOf,
  timestampAt,
} from "./encoded-batch.js";
import { frameRecord } from "./record-codec.js";

/**
 * Frames records with offsets and timestamps, cut into rows under BATCH_ROW_BYTES_MAX. Hot path:
 * each row's text is joined once (one flat copy; a += chain builds a rope of a node per record
 * that the SQL insert must flatten), its index preallocated.
 */
export function frameRows(
  batch: EncodedBatch,
  baseOffset: number,
  appendTime: number,
  epoch: number,
  producer: ProducerBatch | null,
): BatchRow[] {
  const rows: BatchRow[] = [];
  const count = recordCountOf(batch);
  let start = 0;
  while (start < count) {
    const index = new Uint32Array(2 * (count - start));
    const texts: string[] = [];
    let chars = -1;
    let bytes = 0;
    let maxTimestamp = 0;
    let i = start;
    for (; i < count; i++) {
      const timestamp = timestampAt(batch, i, appendTime);
      const body = bodyAt(batch, i);
      const text = frameRecord(baseOffset + i, timestamp, body, batch.bare);
      const size = framedBytesAt(batch, i, body, text);
      if (i > start && bytes + size + 1 > BATCH_ROW_BYTES_MAX) break;
      texts.push(text);
      chars += text.length + 1;
      bytes += size;
      index[2 * (i - start)] = chars;
      index[2 * (i - start) + 1] = bytes;
      if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    }
    rows.push({
      baseOffset: baseOffset + start,
      endOffset: baseOffset + i,
      recordCount: i - start,
      maxTimestamp,
      byteSize: bytes,
      leaderEpoch: epoch,
      payload: texts.join(","),
      recordIndex: i - start === index.length / 2 ? index : index.slice(0, 2 * (i - start)),
      recordOffsets: null,
      producer,
    });
    start = i;
  }
  return rows;
}

/** The text of records [first, end) of a stored batch, without decoding them. */
export function sliceRecords(
  payload: string,
  index: Uint32Array,
  first: number,
  end: number,
  recordCount: number,
): string {
  if (first === 0 && end === recordCount) return payload;
  const from = first === 0 ? 0 : (index[2 * (first - 1)] as number) + 1;
  return payload.slice(from, index[2 * (end - 1)] as number);
}
