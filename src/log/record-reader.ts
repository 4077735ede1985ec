// Reading records out of stored batches without decoding them: a fetch joins the stored texts,
// framing compact rows' bodies as it goes (row-records.ts). Pure: the batches come in.
import { type BatchRow, indexOf, offsetAt } from "./batch-row.js";
import { recordTexts, recordTimestamps } from "./row-records.js";

export interface RecordsRead {
  /** The records' JSON texts joined by commas: the inside of a JSON array. */
  records: string;
  count: number;
  /** The records' stored UTF-8 bytes (what a partition's fetched-bytes counter adds up). */
  bytes: number;
  /** The offset to read from next. */
  nextOffset: number;
}

/**
 * Records from `offset` below `highWatermark`, out of `batches` (in order, from the one holding
 * `offset`), up to `maxRecords` and about `maxBytes` of UTF-8 (at least one record).
 */
export function readRecords(
  batches: Iterable<BatchRow>,
  offset: number,
  highWatermark: number,
  maxRecords: number,
  maxBytes: number,
): RecordsRead {
  const parts: string[] = [];
  let next = offset;
  let count = 0;
  let bytes = 0;
  let full = false;
  for (const batch of batches) {
    // Compaction may have left holes: positions in a batch are found by offset.
    const first = indexOf(batch, next);
    const available = indexOf(batch, highWatermark);
    const index = batch.recordIndex;
    let i = first;
    for (; i < available; i++) {
      const size = (index[2 * i + 1] as number) - (i > 0 ? (index[2 * i - 1] as number) : 0);
      if (count >= maxRecords || (count > 0 && bytes + size > maxBytes)) {
        full = true;
        break;
      }
      bytes += size;
      count++;
    }
    if (i > first) parts.push(recordTexts(batch, first, i));
    next = i < batch.recordCount ? offsetAt(batch, i) : Math.min(batch.endOffset, highWatermark);
    if (full) break;
  }
  return { records: parts.join(","), count, bytes, nextOffset: next };
}

/** Timestamps of the records in [offset, offset + count) of `rows` (duplicate produces). */
export function timestampsIn(rows: BatchRow[], offset: number, count: number): number[] {
  const found: number[] = [];
  for (const row of rows) {
    const stamps = recordTimestamps(row);
    for (let i = 0; i < row.recordCount; i++) {
      const at = offsetAt(row, i);
      if (at >= offset && at < offset + count) found.push(stamps[i] as number);
    }
  }
  return found;
}

/** The first offset of `batch` in [logStart, highWatermark) stamped at or after `timestamp`. */
export function firstOffsetReaching(
  batch: BatchRow,
  timestamp: number,
  logStartOffset: number,
  highWatermark: number,
): number | null {
  const stamps = recordTimestamps(batch);
  for (let i = 0; i < batch.recordCount; i++) {
    const at = offsetAt(batch, i);
    if ((stamps[i] as number) >= timestamp && at >= logStartOffset) {
      return at < highWatermark ? at : null;
    }
  }
  return null;
}
