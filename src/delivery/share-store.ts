// A share group's SQL: its config, per share partition the start and end offsets, the in-flight
// window of records with their leases, and the dead letters waiting to be written.
import { migrate, type Sql, type Transaction } from "../log/sql.js";
import type { ShareGroupConfig } from "../protocol/share-group-request.js";
import { DeadLetterOutbox } from "./share-outbox.js";
import { SHARE_GROUP_MIGRATIONS } from "./share-schema.js";

export type RecordState = "acquired" | "available" | "acknowledged" | "archived";

export interface SharePartitionRow {
  topic: string;
  partition: number;
  topicId: string;
  startOffset: number;
  endOffset: number;
  archived: number;
}

export interface InFlightRecord {
  offset: number;
  state: RecordState;
  leaseId: string | null;
  leaseDeadline: number | null;
  deliveryCount: number;
}

type PartitionRow = {
  topic: string;
  partition: number;
  topic_id: string;
  start_offset: number;
  end_offset: number;
  archived: number;
};
type RecordRow = {
  offset: number;
  state: string;
  lease_id: string | null;
  lease_deadline: number | null;
  delivery_count: number;
};
export class ShareStore {
  /** Dead letters waiting to be written, in the same database (and transactions). */
  readonly outbox: DeadLetterOutbox;

  constructor(
    private readonly sql: Sql,
    readonly transaction: Transaction,
  ) {
    migrate(sql, transaction, SHARE_GROUP_MIGRATIONS);
    this.outbox = new DeadLetterOutbox(sql, transaction);
  }

  loadGroup(): { groupId: string; config: ShareGroupConfig } | null {
    const row = this.sql
      .exec<{ group_id: string; config: string }>("SELECT group_id, config FROM share_group")
      .toArray()[0];
    if (row === undefined) return null;
    return { groupId: row.group_id, config: JSON.parse(row.config) as ShareGroupConfig };
  }

  saveGroup(groupId: string, config: ShareGroupConfig): void {
    this.sql.exec(
      `INSERT INTO share_group (id, group_id, config) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET config = excluded.config`,
      groupId,
      JSON.stringify(config),
    );
  }

  /** Everything goes: the group is deleted. */
  clear(): void {
    this.transaction(() => {
      for (const table of [
        "share_group",
        "share_partitions",
        "share_records",
        "share_dead_letters",
        "share_dead_sequences",
      ]) {
        this.sql.exec(`DELETE FROM ${table}`);
      }
    });
  }

  partitions(): SharePartitionRow[] {
    return this.sql
      .exec<PartitionRow>("SELECT * FROM share_partitions ORDER BY topic, partition")
      .toArray()
      .map(toPartition);
  }

  partition(topic: string, partition: number): SharePartitionRow | null {
    const row = this.sql
      .exec<PartitionRow>(
        "SELECT * FROM share_partitions WHERE topic = ? AND partition = ?",
        topic,
        partition,
      )
      .toArray()[0];
    return row === undefined ? null : toPartition(row);
  }

  /** A share partition starting at `offset` of topic incarnation `topicId`, replacing any other. */
  startPartition(topic: string, partition: number, topicId: string, offset: number): void {
    this.transaction(() => {
      this.sql.exec(
        "DELETE FROM share_records WHERE topic = ? AND partition = ?",
        topic,
        partition,
      );
      this.sql.exec(
        `INSERT OR REPLACE INTO share_partitions
         (topic, partition, topic_id, start_offset, end_offset, archived) VALUES (?, ?, ?, ?, ?, 0)`,
        topic,
        partition,
        topicId,
        offset,
        offset,
      );
    });
  }

  /** Share partitions of topics the group no longer reads go, with their window. */
  dropTopics(keep: readonly string[]): void {
    for (const { topic } of this.partitions()) {
      if (keep.includes(topic)) continue;
      this.sql.exec("DELETE FROM share_partitions WHERE topic = ?", topic);
      this.sql.exec("DELETE FROM share_records WHERE topic = ?", topic);
    }
  }

  setOffsets(topic: string, partition: number, startOffset: number, endOffset: number): void {
    this.sql.exec(
      "UPDATE share_partitions SET start_offset = ?, end_offset = ? WHERE topic = ? AND partition = ?",
      startOffset,
      endOffset,
      topic,
      partition,
    );
  }

  addArchived(topic: string, partition: number, count: number): void {
    if (count === 0) return;
    this.sql.exec(
      "UPDATE share_partitions SET archived = archived + ? WHERE topic = ? AND partition = ?",
      count,
      topic,
      partition,
    );
  }

  record(topic: string, partition: number, offset: number): InFlightRecord | null {
    const row = this.sql
      .exec<RecordRow>(
        `SELECT offset, state, lease_id, lease_deadline, delivery_count FROM share_records
         WHERE topic = ? AND partition = ? AND offset = ?`,
        topic,
        partition,
        offset,
      )
      .toArray()[0];
    return row === undefined ? null : toRecord(row);
  }

  /** The window's records of one partition in offset order, from `fromOffset` on. */
  records(topic: string, partition: number, state: RecordState | null, limit: number) {
    const rows =
      state === null
        ? this.sql.exec<RecordRow>(
            `SELECT offset, state, lease_id, lease_deadline, delivery_count FROM share_records
             WHERE topic = ? AND partition = ? ORDER BY offset LIMIT ?`,
            topic,
            partition,
            limit,
          )
        : this.sql.exec<RecordRow>(
            `SELECT offset, state, lease_id, lease_deadline, delivery_count FROM share_records
             WHERE topic = ? AND partition = ? AND state = ? ORDER BY offset LIMIT ?`,
            topic,
            partition,
            state,
            limit,
          );
    return rows.toArray().map(toRecord);
  }

  /** The lowest offset still leased or available: the start offset cannot pass it. */
  firstOpenOffset(topic: string, partition: number): number | null {
    return this.sql
      .exec<{ o: number | null }>(
        `SELECT min(offset) AS o FROM share_records
         WHERE topic = ? AND partition = ? AND state IN ('acquired', 'available')`,
        topic,
        partition,
      )
      .one().o;
  }

  /**
   * Many rows a statement: per-statement cost dominates this object's SQL, so offsets go in as
   * one JSON array (json_each) instead of a statement or bound parameter each.
   */
  recordsAt(topic: string, partition: number, offsets: number[]): InFlightRecord[] {
    return this.sql
      .exec<RecordRow>(
        `SELECT offset, state, lease_id, lease_deadline, delivery_count FROM share_records
         WHERE topic = ? AND partition = ? AND offset IN (SELECT value FROM json_each(?))`,
        topic,
        partition,
        JSON.stringify(offsets),
      )
      .toArray()
      .map(toRecord);
  }

  /** Leases records never delivered before: a new acquired row each, delivery count 1. */
  insertLeased(
    topic: string,
    partition: number,
    offsets: number[],
    leaseId: string,
    deadline: number,
  ): void {
    this.sql.exec(
      `INSERT INTO share_records
       (topic, partition, offset, state, lease_id, lease_deadline, delivery_count)
       SELECT ?, ?, value, 'acquired', ?, ?, 1 FROM json_each(?)`,
      topic,
      partition,
      leaseId,
      deadline,
      JSON.stringify(offsets),
    );
  }

  /** Leases those of `offsets` still available; answers them with their new delivery counts. */
  leaseAvailable(
    topic: string,
    partition: number,
    offsets: number[],
    leaseId: string,
    deadline: number,
  ): Array<{ offset: number; deliveryCount: number }> {
    return this.sql
      .exec<{ offset: number; delivery_count: number }>(
        `UPDATE share_records
         SET state = 'acquired', lease_id = ?, lease_deadline = ?, delivery_count = delivery_count + 1
         WHERE topic = ? AND partition = ? AND state = 'available'
           AND offset IN (SELECT value FROM json_each(?))
         RETURNING offset, delivery_count`,
        leaseId,
        deadline,
        topic,
        partition,
        JSON.stringify(offsets),
      )
      .toArray()
      .map((row) => ({ offset: row.offset, deliveryCount: row.delivery_count }));
  }

  /** Ends the leases of `offsets` in `state` (acknowledged, available or archived). */
  setStates(topic: string, partition: number, offsets: number[], state: RecordState): void {
    if (offsets.length === 0) return;
    this.sql.exec(
      `UPDATE share_records SET state = ?, lease_deadline = NULL
       WHERE topic = ? AND partition = ? AND offset IN (SELECT value FROM json_each(?))`,
      state,
      topic,
      partition,
      JSON.stringify(offsets),
    );
  }

  putRecord(topic: string, partition: number, record: InFlightRecord): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO share_records
       (topic, partition, offset, state, lease_id, lease_deadline, delivery_count)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      topic,
      partition,
      record.offset,
      record.state,
      record.leaseId,
      record.leaseDeadline,
      record.deliveryCount,
    );
  }

  deleteRecordsBelow(topic: string, partition: number, offset: number): void {
    this.sql.exec(
      "DELETE FROM share_records WHERE topic = ? AND partition = ? AND offset < ?",
      topic,
      partition,
      offset,
    );
  }

  /** Leases whose deadline passed, oldest first: `{topic, partition}` plus the record. */
  expiredLeases(
    now: number,
    limit: number,
  ): Array<InFlightRecord & { topic: string; partition: number }> {
    return this.sql
      .exec<RecordRow & { topic: string; partition: number }>(
        `SELECT topic, partition, offset, state, lease_id, lease_deadline, delivery_count
         FROM share_records WHERE state = 'acquired' AND lease_deadline <= ?
         ORDER BY lease_deadline LIMIT ?`,
        now,
        limit,
      )
      .toArray()
      .map((row) => ({ topic: row.topic, partition: row.partition, ...toRecord(row) }));
  }

  earliestLeaseDeadline(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        "SELECT min(lease_deadline) AS at FROM share_records WHERE state = 'acquired'",
      )
      .one().at;
  }

  /** Rows of the window per state, and pending dead letters, of one partition. */
  counts(topic: string, partition: number): Record<RecordState | "dead", number> {
    const counts = { acquired: 0, available: 0, acknowledged: 0, archived: 0, dead: 0 };
    const rows = this.sql.exec<{ state: string; n: number }>(
      `SELECT state, count(*) AS n FROM share_records WHERE topic = ? AND partition = ?
       GROUP BY state`,
      topic,
      partition,
    );
    for (const row of rows) counts[row.state as RecordState] = row.n;
    counts.dead = this.sql
      .exec<{ n: number }>(
        "SELECT count(*) AS n FROM share_dead_letters WHERE topic = ? AND partition = ?",
        topic,
        partition,
      )
      .one().n;
    return counts;
  }
}

function toPartition(row: PartitionRow): SharePartitionRow {
  return {
    topic: row.topic,
    partition: row.partition,
    topicId: row.topic_id,
    startOffset: row.start_offset,
    endOffset: row.end_offset,
    archived: row.archived,
  };
}

function toRecord(row: RecordRow): InFlightRecord {
  return {
    offset: row.offset,
    state: row.state as RecordState,
    leaseId: row.lease_id,
    leaseDeadline: row.lease_deadline,
    deliveryCount: row.delivery_count,
  };
}
