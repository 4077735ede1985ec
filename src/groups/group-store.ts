// A consumer group's SQL: the group row, its members, its committed offsets.
import { migrate, type Sql, type Transaction } from "../log/sql.js";
import { LAG_HISTORY_MIGRATION } from "../metrics/lag-store.js";
import type { AssignorName, OffsetCommit } from "../protocol/types.js";
import type { PartitionKey } from "./assignors.js";
import { CLASSIC_GROUP_MIGRATION } from "./classic-store.js";

export const GROUP_MIGRATIONS = [
  `CREATE TABLE group_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    group_id TEXT NOT NULL,
    group_epoch INTEGER NOT NULL,
    assignor TEXT NOT NULL,
    partition_counts TEXT NOT NULL,
    counts_checked_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE members (
    member_id TEXT PRIMARY KEY,
    instance_id TEXT UNIQUE,
    member_epoch INTEGER NOT NULL,
    topics TEXT NOT NULL,
    session_timeout_ms INTEGER NOT NULL,
    rebalance_timeout_ms INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    target TEXT NOT NULL,
    granted TEXT NOT NULL,
    owned TEXT NOT NULL,
    departed INTEGER NOT NULL,
    revoke_deadline INTEGER NOT NULL,
    joined_at INTEGER NOT NULL
  );
  CREATE TABLE offsets (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    committed_offset INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    committed_at INTEGER NOT NULL,
    PRIMARY KEY (topic, partition)
  );`,
  // The topic incarnation an offset was committed in: a deleted topic's offsets must not carry
  // over to a new topic of the same name (Kafka deletes them with the topic). NULL marks offsets
  // committed before this column existed.
  "ALTER TABLE offsets ADD COLUMN topic_id TEXT;",
  // Who a member is, as Kafka's CLIENT-ID and HOST columns show it.
  `ALTER TABLE members ADD COLUMN client_id TEXT;
  ALTER TABLE members ADD COLUMN host TEXT;`,
  // Lag history (metrics/lag-store.ts).
  LAG_HISTORY_MIGRATION,
  // The classic group protocol (Kafka's JoinGroup/SyncGroup): its own group row and members.
  CLASSIC_GROUP_MIGRATION,
] as const;

export interface GroupMeta {
  groupId: string;
  groupEpoch: number;
  assignor: AssignorName;
  partitionCounts: Record<string, number>;
  countsCheckedAt: number;
  createdAt: number;
}

export interface Member {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  topics: string[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  expiresAt: number;
  /** What the assignor wants this member to own. */
  target: PartitionKey[];
  /** What the last answer allowed it to own. */
  granted: PartitionKey[];
  /** What its last heartbeat said it still owns. */
  owned: PartitionKey[];
  /** A static member that left: it keeps its partitions until it returns or expires. */
  departed: boolean;
  /** When a pending revocation must be done by (rebalanceTimeoutMs), or 0 when none is. */
  revokeDeadline: number;
  joinedAt: number;
  /** The client's own name for itself (Kafka's client.id), when it gave one. */
  clientId: string | null;
  /** The address the member joined from, as the gateway saw it; null when unknown. */
  host: string | null;
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
  metadata: string;
  committedAt: number;
  /** The topic incarnation committed in; null for offsets stored before incarnations were. */
  topicId: string | null;
}

/** An offset to commit, with the topic incarnation it was committed in. */
export type IncarnationOffset = OffsetCommit & { topicId: string };

type MetaRow = {
  group_id: string;
  group_epoch: number;
  assignor: string;
  partition_counts: string;
  counts_checked_at: number;
  created_at: number;
};
type MemberRow = {
  member_id: string;
  instance_id: string | null;
  member_epoch: number;
  topics: string;
  session_timeout_ms: number;
  rebalance_timeout_ms: number;
  expires_at: number;
  target: string;
  granted: string;
  owned: string;
  departed: number;
  revoke_deadline: number;
  joined_at: number;
  client_id: string | null;
  host: string | null;
};
type OffsetRow = {
  topic: string;
  partition: number;
  committed_offset: number;
  metadata: string;
  committed_at: number;
  topic_id: string | null;
};

export class GroupStore {
  constructor(
    private readonly sql: Sql,
    readonly transaction: Transaction,
  ) {
    migrate(sql, transaction, GROUP_MIGRATIONS);
  }

  loadMeta(): GroupMeta | null {
    const row = this.sql.exec<MetaRow>("SELECT * FROM group_meta WHERE id = 1").toArray()[0];
    if (row === undefined) return null;
    return {
      groupId: row.group_id,
      groupEpoch: row.group_epoch,
      assignor: row.assignor as AssignorName,
      partitionCounts: JSON.parse(row.partition_counts) as Record<string, number>,
      countsCheckedAt: row.counts_checked_at,
      createdAt: row.created_at,
    };
  }

  saveMeta(meta: GroupMeta): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO group_meta
        (id, group_id, group_epoch, assignor, partition_counts, counts_checked_at, created_at)
       VALUES (1, ?, ?, ?, ?, ?, ?)`,
      meta.groupId,
      meta.groupEpoch,
      meta.assignor,
      JSON.stringify(meta.partitionCounts),
      meta.countsCheckedAt,
      meta.createdAt,
    );
  }

  members(): Member[] {
    return this.sql
      .exec<MemberRow>("SELECT * FROM members ORDER BY joined_at, member_id")
      .toArray()
      .map((row) => ({
        memberId: row.member_id,
        instanceId: row.instance_id,
        memberEpoch: row.member_epoch,
        topics: JSON.parse(row.topics) as string[],
        sessionTimeoutMs: row.session_timeout_ms,
        rebalanceTimeoutMs: row.rebalance_timeout_ms,
        expiresAt: row.expires_at,
        target: JSON.parse(row.target) as PartitionKey[],
        granted: JSON.parse(row.granted) as PartitionKey[],
        owned: JSON.parse(row.owned) as PartitionKey[],
        departed: row.departed === 1,
        revokeDeadline: row.revoke_deadline,
        joinedAt: row.joined_at,
        clientId: row.client_id,
        host: row.host,
      }));
  }

  /** Replaces the whole member table: group changes are small and written atomically. */
  saveMembers(members: Member[]): void {
    this.sql.exec("DELETE FROM members");
    for (const m of members) {
      this.sql.exec(
        `INSERT INTO members (member_id, instance_id, member_epoch, topics, session_timeout_ms,
          rebalance_timeout_ms, expires_at, target, granted, owned, departed, revoke_deadline,
          joined_at, client_id, host)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        m.memberId,
        m.instanceId,
        m.memberEpoch,
        JSON.stringify(m.topics),
        m.sessionTimeoutMs,
        m.rebalanceTimeoutMs,
        m.expiresAt,
        JSON.stringify(m.target),
        JSON.stringify(m.granted),
        JSON.stringify(m.owned),
        m.departed ? 1 : 0,
        m.revokeDeadline,
        m.joinedAt,
        m.clientId,
        m.host,
      );
    }
  }

  offsets(): CommittedOffset[] {
    return this.sql
      .exec<OffsetRow>("SELECT * FROM offsets ORDER BY topic, partition")
      .toArray()
      .map((row) => ({
        topic: row.topic,
        partition: row.partition,
        offset: row.committed_offset,
        metadata: row.metadata,
        committedAt: row.committed_at,
        topicId: row.topic_id,
      }));
  }

  commit(offsets: IncarnationOffset[], now: number): void {
    for (const o of offsets) {
      this.sql.exec(
        `INSERT OR REPLACE INTO offsets
          (topic, partition, committed_offset, metadata, committed_at, topic_id)
         VALUES (?, ?, ?, ?, ?, ?)`,
        o.topic,
        o.partition,
        o.offset,
        o.metadata,
        now,
        o.topicId,
      );
    }
  }

  /**
   * Deletes exactly these stored offsets, each only if it is still as read (same incarnation and
   * commit time): a commit that replaced one since then is kept.
   */
  forget(offsets: CommittedOffset[]): void {
    this.transaction(() => {
      for (const o of offsets) {
        this.sql.exec(
          `DELETE FROM offsets WHERE topic = ? AND partition = ? AND topic_id IS ?
             AND committed_at = ?`,
          o.topic,
          o.partition,
          o.topicId,
          o.committedAt,
        );
      }
    });
  }

  clear(): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM members");
      this.sql.exec("DELETE FROM offsets");
      this.sql.exec("DELETE FROM group_meta");
    });
  }
}
