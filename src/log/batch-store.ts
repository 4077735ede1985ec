// The partition log's SQL: one row per stored batch, keyed by base offset, plus one meta row.
// Every SQL string of a partition replica lives here.
import type { TopicConfig } from "../protocol/types.js";
import { migrate, type Sql, type Transaction } from "./sql.js";

/** Numbered, append-only migrations; never edit a released entry. */
const MIGRATIONS = [
  `CREATE TABLE partition_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    topic_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    replica INTEGER NOT NULL,
    config TEXT NOT NULL,
    log_start_offset INTEGER NOT NULL,
    leader_epoch INTEGER NOT NULL
  );
  CREATE TABLE batches (
    base_offset INTEGER PRIMARY KEY,
    record_count INTEGER NOT NULL CHECK (record_count > 0),
    max_timestamp INTEGER NOT NULL,
    byte_size INTEGER NOT NULL,
    leader_epoch INTEGER NOT NULL,
    producer_id TEXT,
    producer_epoch INTEGER,
    base_sequence INTEGER,
    payload TEXT NOT NULL,
    record_index BLOB NOT NULL
  );`,
] as const;

export interface PartitionMeta {
  topicId: string;
  topic: string;
  partition: number;
  replica: number;
  config: TopicConfig;
  logStartOffset: number;
  leaderEpoch: number;
}

export interface BatchRow {
  baseOffset: number;
  recordCount: number;
  maxTimestamp: number;
  byteSize: number;
  leaderEpoch: number;
  /** The records' framed JSON texts joined by commas. */
  payload: string;
  /** Per record: [end of its text in `payload` (UTF-16 units), cumulative UTF-8 bytes]. */
  recordIndex: Uint32Array;
}

type MetaRow = {
  topic_id: string;
  topic: string;
  partition: number;
  replica: number;
  config: string;
  log_start_offset: number;
  leader_epoch: number;
};
type ScanRow = {
  base_offset: number;
  record_count: number;
  payload: string;
  record_index: ArrayBuffer;
};

export class BatchStore {
  constructor(
    private readonly sql: Sql,
    readonly transaction: Transaction,
  ) {
    migrate(sql, transaction, MIGRATIONS);
  }

  loadMeta(): PartitionMeta | null {
    const rows = this.sql.exec<MetaRow>("SELECT * FROM partition_meta WHERE id = 1").toArray();
    const row = rows[0];
    if (row === undefined) return null;
    return {
      topicId: row.topic_id,
      topic: row.topic,
      partition: row.partition,
      replica: row.replica,
      config: JSON.parse(row.config) as TopicConfig,
      logStartOffset: row.log_start_offset,
      leaderEpoch: row.leader_epoch,
    };
  }

  saveMeta(meta: PartitionMeta): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO partition_meta
        (id, topic_id, topic, partition, replica, config, log_start_offset, leader_epoch)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
      meta.topicId,
      meta.topic,
      meta.partition,
      meta.replica,
      JSON.stringify(meta.config),
      meta.logStartOffset,
      meta.leaderEpoch,
    );
  }

  /** Removes every batch and the meta row: the replica no longer belongs to any topic. */
  clear(): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM batches");
      this.sql.exec("DELETE FROM partition_meta");
    });
  }

  /** The offset after the newest stored record, or null for an empty log. */
  lastBatchEnd(): number | null {
    const rows = this.sql
      .exec<{ end: number }>(
        "SELECT base_offset + record_count AS end FROM batches ORDER BY base_offset DESC LIMIT 1",
      )
      .toArray();
    return rows[0]?.end ?? null;
  }

  insert(batch: BatchRow): void {
    this.sql.exec(
      `INSERT INTO batches
        (base_offset, record_count, max_timestamp, byte_size, leader_epoch, payload, record_index)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      batch.baseOffset,
      batch.recordCount,
      batch.maxTimestamp,
      batch.byteSize,
      batch.leaderEpoch,
      batch.payload,
      batch.recordIndex.buffer as ArrayBuffer,
    );
  }

  /** Batches holding `offset` and after, below `endOffset`, in offset order (lazily read). */
  *scan(
    offset: number,
    endOffset: number,
  ): Generator<Omit<BatchRow, "maxTimestamp" | "byteSize" | "leaderEpoch">> {
    const cursor = this.sql.exec<ScanRow>(
      `SELECT base_offset, record_count, payload, record_index FROM batches
       WHERE base_offset >= ifnull((SELECT max(base_offset) FROM batches WHERE base_offset <= ?), 0)
         AND base_offset < ?
       ORDER BY base_offset`,
      offset,
      endOffset,
    );
    for (const row of cursor) {
      yield {
        baseOffset: row.base_offset,
        recordCount: row.record_count,
        payload: row.payload,
        recordIndex: new Uint32Array(row.record_index),
      };
    }
  }

  /** The first batch below `endOffset` holding a record stamped at or after `timestamp`. */
  firstBatchReaching(
    timestamp: number,
    endOffset: number,
  ): { baseOffset: number; payload: string } | null {
    const rows = this.sql
      .exec<{ base_offset: number; payload: string }>(
        `SELECT base_offset, payload FROM batches
         WHERE max_timestamp >= ? AND base_offset < ? ORDER BY base_offset LIMIT 1`,
        timestamp,
        endOffset,
      )
      .toArray();
    const row = rows[0];
    return row === undefined ? null : { baseOffset: row.base_offset, payload: row.payload };
  }
}
