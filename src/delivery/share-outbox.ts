// A share group's dead-letter outbox: archived records waiting to be written to the dead-letter
// topic, each batch's partition and producer sequence, and the group's idempotent producer.
import type { Sql, Transaction } from "../log/sql.js";

export type DeadReason = "rejected" | "max-deliveries";

export interface PendingDeadLetter {
  topic: string;
  partition: number;
  offset: number;
  reason: DeadReason;
  deadTopic: string;
  deadPartition: number | null;
  sequence: number | null;
}

type DeadRow = {
  topic: string;
  partition: number;
  offset: number;
  reason: string;
  dead_topic: string;
  dead_partition: number | null;
  sequence: number | null;
};

export class DeadLetterOutbox {
  constructor(
    private readonly sql: Sql,
    private readonly transaction: Transaction,
  ) {}

  producer(): { id: string; epoch: number } | null {
    const row = this.sql
      .exec<{ producer_id: string | null; producer_epoch: number | null }>(
        "SELECT producer_id, producer_epoch FROM share_group",
      )
      .toArray()[0];
    if (row?.producer_id == null || row.producer_epoch === null) return null;
    return { id: row.producer_id, epoch: row.producer_epoch };
  }

  /** A new producer epoch starts every dead-letter partition's sequence at 0 again. */
  saveProducer(producer: { id: string; epoch: number }): void {
    this.transaction(() => {
      this.sql.exec(
        "UPDATE share_group SET producer_id = ?, producer_epoch = ?",
        producer.id,
        producer.epoch,
      );
      this.sql.exec("DELETE FROM share_dead_sequences");
      this.sql.exec("UPDATE share_dead_letters SET dead_partition = NULL, sequence = NULL");
    });
  }

  add(letter: Omit<PendingDeadLetter, "deadPartition" | "sequence">): void {
    this.sql.exec(
      `INSERT OR IGNORE INTO share_dead_letters (topic, partition, offset, reason, dead_topic)
       VALUES (?, ?, ?, ?, ?)`,
      letter.topic,
      letter.partition,
      letter.offset,
      letter.reason,
      letter.deadTopic,
    );
  }

  pending(limit: number): PendingDeadLetter[] {
    return this.sql
      .exec<DeadRow>(
        `SELECT * FROM share_dead_letters
         ORDER BY sequence IS NULL, dead_topic, dead_partition, sequence, topic, partition, offset
         LIMIT ?`,
        limit,
      )
      .toArray()
      .map((row) => ({
        topic: row.topic,
        partition: row.partition,
        offset: row.offset,
        reason: row.reason as DeadReason,
        deadTopic: row.dead_topic,
        deadPartition: row.dead_partition,
        sequence: row.sequence,
      }));
  }

  hasPending(): boolean {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM share_dead_letters").one().n > 0;
  }

  /** Takes the next sequence of `deadTopic`/`deadPartition` for these letters (one batch). */
  assignBatch(letters: PendingDeadLetter[], deadPartition: number): number {
    const deadTopic = (letters[0] as PendingDeadLetter).deadTopic;
    return this.transaction(() => {
      const row = this.sql
        .exec<{ next_sequence: number }>(
          "SELECT next_sequence FROM share_dead_sequences WHERE topic = ? AND partition = ?",
          deadTopic,
          deadPartition,
        )
        .toArray()[0];
      const sequence = row?.next_sequence ?? 0;
      this.sql.exec(
        "INSERT OR REPLACE INTO share_dead_sequences (topic, partition, next_sequence) VALUES (?, ?, ?)",
        deadTopic,
        deadPartition,
        sequence + 1,
      );
      for (const l of letters) {
        this.sql.exec(
          `UPDATE share_dead_letters SET dead_partition = ?, sequence = ?
           WHERE topic = ? AND partition = ? AND offset = ?`,
          deadPartition,
          sequence,
          l.topic,
          l.partition,
          l.offset,
        );
      }
      return sequence;
    });
  }

  /** A written (or unwritable) batch leaves the outbox. */
  delete(letters: PendingDeadLetter[]): void {
    this.transaction(() => {
      for (const l of letters) {
        this.sql.exec(
          "DELETE FROM share_dead_letters WHERE topic = ? AND partition = ? AND offset = ?",
          l.topic,
          l.partition,
          l.offset,
        );
      }
    });
  }
}
