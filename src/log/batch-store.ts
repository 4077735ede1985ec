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
  // Replication: this replica's view of leadership, ISR and high watermark, and injected faults.
  `ALTER TABLE partition_meta ADD COLUMN leader INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE partition_meta ADD COLUMN replicas TEXT NOT NULL DEFAULT '[0]';
  ALTER TABLE partition_meta ADD COLUMN isr TEXT NOT NULL DEFAULT '[0]';
  ALTER TABLE partition_meta ADD COLUMN high_watermark INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX batches_by_epoch ON batches (leader_epoch, base_offset);
  CREATE TABLE faults (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    down INTEGER NOT NULL,
    delay_ms INTEGER NOT NULL
  );`,
  // Idempotent producers: a partition's producer state is read from its own batches.
  `CREATE INDEX batches_by_producer ON batches (producer_id, base_offset)
     WHERE producer_id IS NOT NULL;`,
] as const;

export interface PartitionMeta {
  topicId: string;
  topic: string;
  partition: number;
  replica: number;
  config: TopicConfig;
  logStartOffset: number;
  leaderEpoch: number;
  /** The leader of `leaderEpoch`, as this replica knows it. */
  leader: number;
  replicas: number[];
  /** The in-sync replicas; authoritative on the leader, informational elsewhere. */
  isr: number[];
  highWatermark: number;
}

export interface FaultState {
  down: boolean;
  delayMs: number;
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
  /** The idempotent producer batch this row belongs to, if any. */
  producer: ProducerBatch | null;
}

/** An idempotent producer's batch: Kafka's producer id, epoch and (base) sequence. */
export interface ProducerBatch {
  id: string;
  epoch: number;
  sequence: number;
}

/** One batch of a producer as a partition stored it (all its rows together). */
export interface StoredProducerBatch extends ProducerBatch {
  baseOffset: number;
  recordCount: number;
}

type MetaRow = {
  topic_id: string;
  topic: string;
  partition: number;
  replica: number;
  config: string;
  log_start_offset: number;
  leader_epoch: number;
  leader: number;
  replicas: string;
  isr: string;
  high_watermark: number;
};
type ScanRow = {
  base_offset: number;
  record_count: number;
  payload: string;
  record_index: ArrayBuffer;
};
type FullRow = ScanRow & {
  max_timestamp: number;
  byte_size: number;
  leader_epoch: number;
  producer_id: string | null;
  producer_epoch: number | null;
  base_sequence: number | null;
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
      leader: row.leader,
      replicas: JSON.parse(row.replicas) as number[],
      isr: JSON.parse(row.isr) as number[],
      highWatermark: row.high_watermark,
    };
  }

  saveMeta(meta: PartitionMeta): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO partition_meta
        (id, topic_id, topic, partition, replica, config, log_start_offset, leader_epoch,
         leader, replicas, isr, high_watermark)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      meta.topicId,
      meta.topic,
      meta.partition,
      meta.replica,
      JSON.stringify(meta.config),
      meta.logStartOffset,
      meta.leaderEpoch,
      meta.leader,
      JSON.stringify(meta.replicas),
      JSON.stringify(meta.isr),
      meta.highWatermark,
    );
  }

  saveHighWatermark(highWatermark: number): void {
    this.sql.exec("UPDATE partition_meta SET high_watermark = ? WHERE id = 1", highWatermark);
  }

  loadFaults(): FaultState {
    const row = this.sql
      .exec<{ down: number; delay_ms: number }>("SELECT down, delay_ms FROM faults WHERE id = 1")
      .toArray()[0];
    return { down: row?.down === 1, delayMs: row?.delay_ms ?? 0 };
  }

  saveFaults(faults: FaultState): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO faults (id, down, delay_ms) VALUES (1, ?, ?)",
      faults.down ? 1 : 0,
      faults.delayMs,
    );
  }

  /** Removes every batch and the meta row: the replica no longer belongs to any topic. */
  clear(): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM batches");
      this.sql.exec("DELETE FROM partition_meta");
      this.sql.exec("DELETE FROM faults");
    });
  }

  /** The leader epoch of the newest stored batch, or -1 for an empty log. */
  lastEpoch(): number {
    const rows = this.sql
      .exec<{ e: number }>(
        "SELECT leader_epoch AS e FROM batches ORDER BY base_offset DESC LIMIT 1",
      )
      .toArray();
    return rows[0]?.e ?? -1;
  }

  /** The epoch of the batch holding `offset`, or -1 when no stored batch holds it. */
  epochAt(offset: number): number {
    const rows = this.sql
      .exec<{ e: number }>(
        `SELECT leader_epoch AS e FROM batches WHERE base_offset <= ? AND base_offset + record_count > ?
         ORDER BY base_offset DESC LIMIT 1`,
        offset,
        offset,
      )
      .toArray();
    return rows[0]?.e ?? -1;
  }

  /**
   * KIP-101's OffsetsForLeaderEpoch on this log: the first offset written in an epoch later than
   * `epoch`, or null when every stored batch is of `epoch` or earlier.
   */
  firstOffsetAfterEpoch(epoch: number): number | null {
    const row = this.sql
      .exec<{ o: number | null }>(
        "SELECT min(base_offset) AS o FROM batches WHERE leader_epoch > ?",
        epoch,
      )
      .one();
    return row.o;
  }

  /** The largest epoch of a stored batch that is at most `epoch`, or null. */
  largestEpochAtMost(epoch: number): number | null {
    return this.sql
      .exec<{ e: number | null }>(
        "SELECT max(leader_epoch) AS e FROM batches WHERE leader_epoch <= ?",
        epoch,
      )
      .one().e;
  }

  /** Removes every record at or after `offset`, trimming a batch that straddles it. */
  truncateTo(offset: number): void {
    this.transaction(() => {
      const straddling = this.sql
        .exec<FullRow>(
          `SELECT * FROM batches WHERE base_offset < ? AND base_offset + record_count > ?`,
          offset,
          offset,
        )
        .toArray()[0];
      this.sql.exec("DELETE FROM batches WHERE base_offset >= ?", offset);
      if (straddling === undefined) return;
      const keep = offset - straddling.base_offset;
      const index = new Uint32Array(straddling.record_index);
      this.sql.exec(
        `UPDATE batches SET record_count = ?, byte_size = ?, payload = ?, record_index = ?
         WHERE base_offset = ?`,
        keep,
        index[2 * keep - 1] as number,
        straddling.payload.slice(0, index[2 * (keep - 1)] as number),
        index.slice(0, 2 * keep).buffer as ArrayBuffer,
        straddling.base_offset,
      );
    });
  }

  /** Whole stored batches from the one holding `offset`, up to about `bytesMax` (at least one). */
  rowsFrom(offset: number, endOffset: number, bytesMax: number): BatchRow[] {
    const cursor = this.sql.exec<FullRow>(
      `SELECT * FROM batches
       WHERE base_offset >= ifnull((SELECT max(base_offset) FROM batches WHERE base_offset <= ?), 0)
         AND base_offset < ?
       ORDER BY base_offset`,
      offset,
      endOffset,
    );
    const rows: BatchRow[] = [];
    let bytes = 0;
    for (const row of cursor) {
      if (rows.length > 0 && bytes + row.byte_size > bytesMax) break;
      bytes += row.byte_size;
      rows.push({
        baseOffset: row.base_offset,
        recordCount: row.record_count,
        maxTimestamp: row.max_timestamp,
        byteSize: row.byte_size,
        leaderEpoch: row.leader_epoch,
        payload: row.payload,
        recordIndex: new Uint32Array(row.record_index),
        producer:
          row.producer_id === null
            ? null
            : {
                id: row.producer_id,
                epoch: row.producer_epoch as number,
                sequence: row.base_sequence as number,
              },
      });
    }
    return rows;
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
        (base_offset, record_count, max_timestamp, byte_size, leader_epoch, producer_id,
         producer_epoch, base_sequence, payload, record_index)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      batch.baseOffset,
      batch.recordCount,
      batch.maxTimestamp,
      batch.byteSize,
      batch.leaderEpoch,
      batch.producer?.id ?? null,
      batch.producer?.epoch ?? null,
      batch.producer?.sequence ?? null,
      batch.payload,
      batch.recordIndex.buffer as ArrayBuffer,
    );
  }

  /** The producer's newest batches here, newest first (rows of one batch taken together). */
  producerBatches(producerId: string, limit: number): StoredProducerBatch[] {
    return this.sql
      .exec<{ epoch: number; sequence: number; base: number; count: number }>(
        `SELECT producer_epoch AS epoch, base_sequence AS sequence, min(base_offset) AS base,
                sum(record_count) AS count
         FROM batches WHERE producer_id = ?
         GROUP BY producer_epoch, base_sequence ORDER BY base DESC LIMIT ?`,
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

  /** Batches holding `offset` and after, below `endOffset`, in offset order (lazily read). */
  *scan(
    offset: number,
    endOffset: number,
  ): Generator<Omit<BatchRow, "maxTimestamp" | "byteSize" | "leaderEpoch" | "producer">> {
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

/** The part of a stored batch from `offset` on (a follower may end inside a leader's batch). */
export function trimRowStart(row: BatchRow, offset: number): BatchRow {
  const skip = offset - row.baseOffset;
  if (skip <= 0) return row;
  const index = row.recordIndex;
  const charsSkipped = (index[2 * (skip - 1)] as number) + 1;
  const bytesSkipped = index[2 * skip - 1] as number;
  const kept = new Uint32Array(2 * (row.recordCount - skip));
  for (let i = 0; i < row.recordCount - skip; i++) {
    kept[2 * i] = (index[2 * (skip + i)] as number) - charsSkipped;
    kept[2 * i + 1] = (index[2 * (skip + i) + 1] as number) - bytesSkipped;
  }
  return {
    ...row,
    baseOffset: offset,
    recordCount: row.recordCount - skip,
    byteSize: row.byteSize - bytesSkipped,
    payload: row.payload.slice(charsSkipped),
    recordIndex: kept,
  };
}
