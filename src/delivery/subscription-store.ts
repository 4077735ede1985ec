// A push subscription's state in its object's SQLite (subscription-schema.ts): every SQL string
// touching it lives here.
import { migrate, type Sql, type Transaction } from "../log/sql.js";
import { SUBSCRIPTION_ERROR_CHARS_MAX } from "../protocol/limits.js";
import type { SubscriptionConfig } from "../protocol/subscription-config.js";
import { SUBSCRIPTION_MIGRATIONS } from "./subscription-schema.js";

export interface SubscriptionRow {
  topic: string;
  name: string;
  config: SubscriptionConfig;
  paused: boolean;
  producer: { id: string; epoch: number } | null;
  delivered: number;
  deadLettered: number;
}

export interface PartitionState {
  partition: number;
  /** The next offset to deliver. */
  deliveredOffset: number;
  /** The end (exclusive) of the batch in flight; null: none read yet. */
  batchEnd: number | null;
  attempts: number;
  /** When the next attempt is due (ms since the epoch); null: none pending. */
  retryAt: number | null;
  lastError: string | null;
  lastStatus: number | null;
  /** A dead-letter write under way: where, and under which producer sequence. */
  deadLetter: { partition: number; sequence: number } | null;
}

type PartitionRowSql = {
  partition: number;
  delivered_offset: number;
  batch_end: number | null;
  attempts: number;
  retry_at: number | null;
  last_error: string | null;
  last_status: number | null;
  dead_letter_partition: number | null;
  dead_letter_sequence: number | null;
};

export class SubscriptionStore {
  constructor(
    private readonly sql: Sql,
    readonly transaction: Transaction,
  ) {
    migrate(sql, transaction, SUBSCRIPTION_MIGRATIONS);
  }

  load(): SubscriptionRow | null {
    const row = this.sql
      .exec<{
        topic: string;
        name: string;
        config: string;
        paused: number;
        producer_id: string | null;
        producer_epoch: number | null;
        delivered: number;
        dead_lettered: number;
      }>("SELECT * FROM subscription WHERE id = 1")
      .toArray()[0];
    if (row === undefined) return null;
    return {
      topic: row.topic,
      name: row.name,
      config: JSON.parse(row.config) as SubscriptionConfig,
      paused: row.paused === 1,
      producer:
        row.producer_id === null ? null : { id: row.producer_id, epoch: row.producer_epoch ?? 0 },
      delivered: row.delivered,
      deadLettered: row.dead_lettered,
    };
  }

  create(topic: string, name: string, config: SubscriptionConfig, now: number): void {
    this.sql.exec(
      `INSERT INTO subscription (id, topic, name, config, paused, delivered, dead_lettered, created_at)
       VALUES (1, ?, ?, ?, 0, 0, 0, ?)`,
      topic,
      name,
      JSON.stringify(config),
      now,
    );
  }

  setConfig(config: SubscriptionConfig): void {
    this.sql.exec("UPDATE subscription SET config = ? WHERE id = 1", JSON.stringify(config));
  }

  setPaused(paused: boolean): void {
    this.sql.exec("UPDATE subscription SET paused = ? WHERE id = 1", paused ? 1 : 0);
  }

  setProducer(id: string, epoch: number): void {
    this.sql.exec(
      "UPDATE subscription SET producer_id = ?, producer_epoch = ? WHERE id = 1",
      id,
      epoch,
    );
  }

  partitions(): PartitionState[] {
    return this.sql
      .exec<PartitionRowSql>("SELECT * FROM subscription_partitions ORDER BY partition")
      .toArray()
      .map(toPartitionState);
  }

  partition(partition: number): PartitionState | null {
    const row = this.sql
      .exec<PartitionRowSql>("SELECT * FROM subscription_partitions WHERE partition = ?", partition)
      .toArray()[0];
    return row === undefined ? null : toPartitionState(row);
  }

  /** Adds a partition starting at `offset`; one already known keeps its state. */
  addPartition(partition: number, offset: number): void {
    this.sql.exec(
      `INSERT OR IGNORE INTO subscription_partitions (partition, delivered_offset, attempts)
       VALUES (?, ?, 0)`,
      partition,
      offset,
    );
  }

  savePartition(state: PartitionState): void {
    this.sql.exec(
      `UPDATE subscription_partitions SET delivered_offset = ?, batch_end = ?, attempts = ?,
         retry_at = ?, last_error = ?, last_status = ?, dead_letter_partition = ?,
         dead_letter_sequence = ?
       WHERE partition = ?`,
      state.deliveredOffset,
      state.batchEnd,
      state.attempts,
      state.retryAt,
      // An endpoint's or a network error's text, cut: the description only needs its gist.
      state.lastError?.slice(0, SUBSCRIPTION_ERROR_CHARS_MAX) ?? null,
      state.lastStatus,
      state.deadLetter?.partition ?? null,
      state.deadLetter?.sequence ?? null,
      state.partition,
    );
  }

  /** Counts records handed over: delivered (2xx) or dead-lettered. */
  count(delivered: number, deadLettered: number): void {
    this.sql.exec(
      "UPDATE subscription SET delivered = delivered + ?, dead_lettered = dead_lettered + ? WHERE id = 1",
      delivered,
      deadLettered,
    );
  }

  /** The next producer sequence for a dead-letter partition, taken (it moves on by one). */
  takeDeadLetterSequence(partition: number): number {
    const row = this.sql
      .exec<{ next_sequence: number }>(
        "SELECT next_sequence FROM dead_letter_sequences WHERE partition = ?",
        partition,
      )
      .toArray()[0];
    const sequence = row?.next_sequence ?? 0;
    this.sql.exec(
      "INSERT OR REPLACE INTO dead_letter_sequences (partition, next_sequence) VALUES (?, ?)",
      partition,
      sequence + 1,
    );
    return sequence;
  }

  /** The earliest retry due, or null when none is pending. */
  retryAtMin(): number | null {
    return this.sql
      .exec<{ at: number | null }>("SELECT min(retry_at) AS at FROM subscription_partitions")
      .one().at;
  }

  clear(): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM subscription");
      this.sql.exec("DELETE FROM subscription_partitions");
      this.sql.exec("DELETE FROM dead_letter_sequences");
    });
  }
}

function toPartitionState(row: PartitionRowSql): PartitionState {
  return {
    partition: row.partition,
    deliveredOffset: row.delivered_offset,
    batchEnd: row.batch_end,
    attempts: row.attempts,
    retryAt: row.retry_at,
    lastError: row.last_error,
    lastStatus: row.last_status,
    deadLetter:
      row.dead_letter_partition === null || row.dead_letter_sequence === null
        ? null
        : { partition: row.dead_letter_partition, sequence: row.dead_letter_sequence },
  };
}
