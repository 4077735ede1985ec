// The batches table's columns as SQLite returns them, and their mapping to and from BatchRow.
import type { BatchRow, RowFormat } from "./batch-row.js";

/** A batches row as `SELECT *` reads it (partition-schema.ts). */
export type BatchColumns = {
  base_offset: number;
  end_offset: number;
  record_count: number;
  max_timestamp: number;
  byte_size: number;
  leader_epoch: number;
  producer_id: string | null;
  producer_epoch: number | null;
  base_sequence: number | null;
  format: RowFormat;
  payload: string;
  record_index: ArrayBuffer;
  record_offsets: ArrayBuffer | null;
  timestamps: ArrayBuffer | null;
};

/** A typed array's bytes for a BLOB column (whole-buffer arrays: every one here is made so). */
export function bufferOf(array: Uint32Array | Float64Array | null): ArrayBuffer | null {
  return array === null ? null : (array.buffer as ArrayBuffer);
}

export function toBatchRow(row: BatchColumns): BatchRow {
  return {
    baseOffset: row.base_offset,
    endOffset: row.end_offset,
    recordCount: row.record_count,
    maxTimestamp: row.max_timestamp,
    byteSize: row.byte_size,
    leaderEpoch: row.leader_epoch,
    format: row.format,
    payload: row.payload,
    recordIndex: new Uint32Array(row.record_index),
    timestamps: row.timestamps === null ? null : new Float64Array(row.timestamps),
    recordOffsets: row.record_offsets === null ? null : new Uint32Array(row.record_offsets),
    producer:
      row.producer_id === null
        ? null
        : {
            id: row.producer_id,
            epoch: row.producer_epoch as number,
            sequence: row.base_sequence as number,
          },
  };
}
