// The partition log's batches in SQL: one row per stored batch, keyed by base offset, plus the
// retired metadata of idempotent producers' batches. Every SQL string over them lives here.
import { PRODUCER_HISTORY_ROWS_KEPT } from "../protocol/limits.js";
import { type BatchColumns, bufferOf, toBatchRow } from "./batch-columns.js";
import {
  type BatchRow,
  type BatchSummary,
  indexOf,
  RowFormat,
  type StorageStats,
  type StoredProducerBatch,
} from "./batch-row.js";
import { keepFirst } from "./row-records.js";
import type { Sql, Transaction } from "./sql.js";

/** Rows from the one holding `offset` (or the last before it) below `endOffset`, in order. */
const FROM_OFFSET = `base_offset >= ifnull((SELECT max(base_offset) FROM batches WHERE base_offset <= ?), 0)
  AND base_offset < ?`;

export class BatchStore {
  constructor(
    private readonly sql: Sql,
    readonly transaction: Transaction,
  ) {}

  /** Removes every batch and the producer history: the replica no longer holds any log. */
  clear(): void {
    this.sql.exec("DELETE FROM batches");
    this.sql.exec("DELETE FROM producer_history");
  }

  stats(): StorageStats {
    return this.sql
      .exec<{ bytes: number; batches: number; records: number }>(
        `SELECT ifnull(sum(byte_size), 0) AS bytes, count(*) AS batches,
                ifnull(sum(record_count), 0) AS records FROM batches`,
      )
      .one();
  }

  /** The offset after the newest stored batch's range, or null for an empty log. */
  lastBatchEnd(): number | null {
    const rows = this.sql
      .exec<{ end: number }>(
        "SELECT end_offset AS end FROM batches ORDER BY base_offset DESC LIMIT 1",
      )
      .toArray();
    return rows[0]?.end ?? null;
  }

  insert(batch: BatchRow): void {
    this.sql.exec(
      `INSERT INTO batches
        (base_offset, end_offset, record_count, max_timestamp, byte_size, leader_epoch,
         producer_id, producer_epoch, base_sequence, format, payload, record_index,
         record_offsets, timestamps)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      batch.baseOffset,
      batch.endOffset,
      batch.recordCount,
      batch.maxTimestamp,
      batch.byteSize,
      batch.leaderEpoch,
      batch.producer?.id ?? null,
      batch.producer?.epoch ?? null,
      batch.producer?.sequence ?? null,
      // A leader of an earlier release sends rows without a format: all of its rows are framed.
      batch.format ?? RowFormat.FRAMED,
      batch.payload,
      batch.recordIndex.buffer as ArrayBuffer,
      bufferOf(batch.recordOffsets),
      bufferOf(batch.timestamps ?? null),
    );
  }

  /**
   * Removes every record at or after `offset`, trimming a batch that straddles it. Truncation
   * only cuts above the high watermark and compaction only thins batches below it, so a
   * straddling batch is always dense.
   */
  truncateTo(offset: number): void {
    const straddling = this.sql
      .exec<BatchColumns>(
        "SELECT * FROM batches WHERE base_offset < ? AND end_offset > ?",
        offset,
        offset,
      )
      .toArray()[0];
    this.sql.exec("DELETE FROM batches WHERE base_offset >= ?", offset);
    if (straddling === undefined) return;
    if (straddling.record_offsets !== null) {
      throw new Error(`truncation at ${offset} would cut a compacted batch`);
    }
    const kept = keepFirst(toBatchRow(straddling), offset - straddling.base_offset);
    this.sql.exec(
      `UPDATE batches SET record_count = ?, end_offset = ?, byte_size = ?, payload = ?,
         record_index = ?, timestamps = ? WHERE base_offset = ?`,
      kept.recordCount,
      kept.endOffset,
      kept.byteSize,
      kept.payload,
      kept.recordIndex.buffer as ArrayBuffer,
      bufferOf(kept.timestamps),
      kept.baseOffset,
    );
  }

  /** Whole stored batches holding `offset` and after, up to about `bytesMax` (at least one). */
  rowsFrom(offset: number, endOffset: number, bytesMax: number): BatchRow[] {
    const rows: BatchRow[] = [];
    let bytes = 0;
    for (const row of this.scan(offset, endOffset)) {
      // A compacted batch may hold nothing at or after `offset` though its range does.
      if (indexOf(row, offset) === row.recordCount) continue;
      if (rows.length > 0 && bytes + row.byteSize > bytesMax) break;
      bytes += row.byteSize;
      rows.push(row);
    }
    return rows;
  }

  /** Batches holding `offset` and after, below `endOffset`, until they hold `recordsMax`. */
  batchesFrom(offset: number, endOffset: number, recordsMax: number): BatchRow[] {
    const rows: BatchRow[] = [];
    let records = 0;
    for (const row of this.scan(offset, endOffset)) {
      rows.push(row);
      records += row.recordCount;
      if (records >= recordsMax) break;
    }
    return rows;
  }

  /** Batches from the one holding `offset`, below `endOffset`, in order (read lazily). */
  *scan(offset: number, endOffset: number): Generator<BatchRow> {
    const cursor = this.sql.exec<BatchColumns>(
      `SELECT * FROM batches WHERE ${FROM_OFFSET} ORDER BY base_offset`,
      offset,
      endOffset,
    );
    for (const row of cursor) {
      if (row.end_offset > offset) yield toBatchRow(row);
    }
  }

  /** The first batch below `endOffset` holding a record stamped at or after `timestamp`. */
  firstBatchReaching(timestamp: number, endOffset: number): BatchRow | null {
    const rows = this.sql
      .exec<BatchColumns>(
        `SELECT * FROM batches WHERE max_timestamp >= ? AND base_offset < ?
         ORDER BY base_offset LIMIT 1`,
        timestamp,
        endOffset,
      )
      .toArray();
    const row = rows[0];
    return row === undefined ? null : toBatchRow(row);
  }

  /** The first batch holding a record stamped after `timestamp` (compaction's lag), or null. */
  firstBatchAfterTime(timestamp: number): number | null {
    return this.sql
      .exec<{ b: number | null }>(
        "SELECT min(base_offset) AS b FROM batches WHERE max_timestamp > ?",
        timestamp,
      )
      .one().b;
  }

  /** The oldest `limit` batches, for retention to judge. */
  oldest(limit: number): BatchSummary[] {
    return this.sql
      .exec<{ b: number; e: number; n: number; t: number; s: number }>(
        `SELECT base_offset AS b, end_offset AS e, record_count AS n, max_timestamp AS t,
                byte_size AS s
         FROM batches ORDER BY base_offset LIMIT ?`,
        limit,
      )
      .toArray()
      .map((row) => ({
        baseOffset: row.b,
        endOffset: row.e,
        recordCount: row.n,
        maxTimestamp: row.t,
        byteSize: row.s,
      }));
  }

  /** Deletes the batches wholly below `offset` (retention), keeping their producers' state. */
  deleteBelow(offset: number): void {
    this.retireProducerBatches("end_offset <= ?", offset);
    this.sql.exec("DELETE FROM batches WHERE base_offset < ? AND end_offset <= ?", offset, offset);
  }

  /** Deletes one batch compaction emptied, keeping its producer's state. */
  deleteBatch(baseOffset: number): void {
    this.retireProducerBatches("base_offset = ?", baseOffset);
    this.sql.exec("DELETE FROM batches WHERE base_offset = ?", baseOffset);
  }

  /** Stores a batch compaction thinned: same range, fewer records. */
  replaceRecords(row: BatchRow): void {
    this.sql.exec(
      `UPDATE batches SET record_count = ?, byte_size = ?, payload = ?, record_index = ?,
         record_offsets = ?, timestamps = ? WHERE base_offset = ?`,
      row.recordCount,
      row.byteSize,
      row.payload,
      row.recordIndex.buffer as ArrayBuffer,
      bufferOf(row.recordOffsets),
      bufferOf(row.timestamps),
      row.baseOffset,
    );
  }

  /**
   * Copies the producer metadata of batches about to be deleted into producer_history, so a
   * producer whose last batches retention or compaction removed is still checked in sequence
   * (Kafka keeps producer state apart from the log for the same reason). Each producer keeps
   * its newest PRODUCER_BATCHES_KEPT there.
   */
  private retireProducerBatches(where: string, offset: number): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO producer_history
         (producer_id, producer_epoch, base_sequence, base_offset, record_count)
       SELECT producer_id, producer_epoch, base_sequence, base_offset, end_offset - base_offset
       FROM batches WHERE producer_id IS NOT NULL AND ${where}`,
      offset,
    );
    this.sql.exec(
      `DELETE FROM producer_history WHERE rowid IN (
         SELECT rowid FROM (
           SELECT rowid, row_number() OVER (
             PARTITION BY producer_id ORDER BY base_offset DESC) AS newer
           FROM producer_history)
         WHERE newer > ${PRODUCER_HISTORY_ROWS_KEPT})`,
    );
  }

  /** The producer's newest batches here, newest first (rows of one batch taken together). */
  producerBatches(producerId: string, limit: number): StoredProducerBatch[] {
    return this.sql
      .exec<{ epoch: number; sequence: number; base: number; count: number }>(
        `SELECT producer_epoch AS epoch, base_sequence AS sequence, min(base_offset) AS base,
                sum(n) AS count
         FROM (
           SELECT producer_epoch, base_sequence, base_offset, end_offset - base_offset AS n
           FROM batches WHERE producer_id = ?
           UNION ALL
           SELECT producer_epoch, base_sequence, base_offset, record_count AS n
           FROM producer_history WHERE producer_id = ?)
         GROUP BY producer_epoch, base_sequence ORDER BY base DESC LIMIT ?`,
        producerId,
        producerId,
        limit,
      )
      .toArray()
      .map((row) => ({
        id: producerId,
        epoch: row.epoch,
        sequence: row.sequence,
        baseOffset: row.base,
        recordCount: row.count,
      }));
  }
}
