// The catalog's SQL: topics, their config, and per partition its replicas, leader, epoch and ISR.
import { migrate, type Sql, type Transaction } from "../log/sql.js";
import type { TrackConfig } from "../protocol/track-config.js";
import type {
  GroupProtocol,
  PartitionAssignment,
  TopicConfig,
  TopicMetadata,
} from "../protocol/types.js";
import type { WebhookConfig } from "../protocol/webhook-config.js";
import { CATALOG_MIGRATIONS } from "./catalog-schema.js";

type TopicRow = {
  name: string;
  topic_id: string;
  config: string;
  created_at: number;
  internal: number;
};
type PartitionRow = {
  topic: string;
  partition: number;
  replicas: string;
  leader: number;
  leader_epoch: number;
  isr: string;
};

export class TopicStore {
  constructor(
    private readonly sql: Sql,
    private readonly transaction: Transaction,
  ) {
    migrate(sql, transaction, CATALOG_MIGRATIONS);
  }

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM topics").one().n;
  }

  get(name: string): TopicMetadata | null {
    const topic = this.sql.exec<TopicRow>("SELECT * FROM topics WHERE name = ?", name).toArray()[0];
    if (topic === undefined) return null;
    const partitions = this.sql
      .exec<PartitionRow>("SELECT * FROM partitions WHERE topic = ? ORDER BY partition", name)
      .toArray();
    return toMetadata(topic, partitions);
  }

  list(): TopicMetadata[] {
    const topics = this.sql.exec<TopicRow>("SELECT * FROM topics ORDER BY name").toArray();
    const partitions = this.sql
      .exec<PartitionRow>("SELECT * FROM partitions ORDER BY topic, partition")
      .toArray();
    const byTopic = new Map<string, PartitionRow[]>();
    for (const row of partitions) {
      const rows = byTopic.get(row.topic) ?? [];
      rows.push(row);
      byTopic.set(row.topic, rows);
    }
    return topics.map((topic) => toMetadata(topic, byTopic.get(topic.name) ?? []));
  }

  /** Writes a topic and all its partitions in one transaction. */
  put(topic: TopicMetadata): void {
    this.transaction(() => {
      this.sql.exec(
        `INSERT OR REPLACE INTO topics (name, topic_id, config, created_at, internal)
         VALUES (?, ?, ?, ?, ?)`,
        topic.name,
        topic.topicId,
        JSON.stringify(topic.config),
        topic.createdAt,
        topic.internal === true ? 1 : 0,
      );
      for (const p of topic.partitions) {
        this.sql.exec(
          `INSERT OR REPLACE INTO partitions (topic, partition, replicas, leader, leader_epoch, isr)
           VALUES (?, ?, ?, ?, ?, ?)`,
          topic.name,
          p.partition,
          JSON.stringify(p.replicas),
          p.leader,
          p.leaderEpoch,
          JSON.stringify(p.isr),
        );
      }
    });
  }

  putPartition(topic: string, p: PartitionAssignment): void {
    this.sql.exec(
      `UPDATE partitions SET replicas = ?, leader = ?, leader_epoch = ?, isr = ?
       WHERE topic = ? AND partition = ?`,
      JSON.stringify(p.replicas),
      p.leader,
      p.leaderEpoch,
      JSON.stringify(p.isr),
      topic,
      p.partition,
    );
  }

  /** A producer's id and its next epoch (0 for a new name). */
  initProducer(name: string): { id: string; epoch: number } {
    const row = this.sql
      .exec<{ id: string; epoch: number }>("SELECT id, epoch FROM producers WHERE name = ?", name)
      .toArray()[0];
    const next =
      row === undefined
        ? { id: crypto.randomUUID(), epoch: 0 }
        : { id: row.id, epoch: row.epoch + 1 };
    this.sql.exec(
      "INSERT OR REPLACE INTO producers (name, id, epoch) VALUES (?, ?, ?)",
      name,
      next.id,
      next.epoch,
    );
    return next;
  }

  /** Records (or forgets) a group's name and kind, for listing groups. */
  registerGroup(name: string, exists: boolean, protocol: GroupProtocol, now: number): void {
    if (exists) {
      this.sql.exec(
        "INSERT OR IGNORE INTO groups (name, created_at, protocol) VALUES (?, ?, ?)",
        name,
        now,
        protocol,
      );
    } else {
      this.sql.exec("DELETE FROM groups WHERE name = ? AND protocol = ?", name, protocol);
    }
  }

  /** The kind of group holding `name`, or null when none does. */
  groupProtocol(name: string): GroupProtocol | null {
    const row = this.sql
      .exec<{ protocol: string }>("SELECT protocol FROM groups WHERE name = ?", name)
      .toArray()[0];
    return row === undefined ? null : (row.protocol as GroupProtocol);
  }

  groups(protocol: GroupProtocol = "consumer"): string[] {
    return this.sql
      .exec<{ name: string }>("SELECT name FROM groups WHERE protocol = ? ORDER BY name", protocol)
      .toArray()
      .map((row) => row.name);
  }

  /** Partition counts of `topics`, null for one that does not exist. */
  partitionCounts(topics: string[]): Record<string, number | null> {
    const counts: Record<string, number | null> = {};
    for (const topic of topics) {
      const row = this.sql
        .exec<{ n: number }>("SELECT count(*) AS n FROM partitions WHERE topic = ?", topic)
        .one();
      counts[topic] = row.n === 0 ? null : row.n;
    }
    return counts;
  }

  setWebhook(topic: string, config: WebhookConfig): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO webhooks (topic, config) VALUES (?, ?)",
      topic,
      JSON.stringify(config),
    );
  }

  setTracker(topic: string, config: TrackConfig): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO trackers (topic, config) VALUES (?, ?)",
      topic,
      JSON.stringify(config),
    );
  }

  tracker(topic: string): TrackConfig | null {
    const row = this.sql
      .exec<{ config: string }>("SELECT config FROM trackers WHERE topic = ?", topic)
      .toArray()[0];
    return row === undefined ? null : (JSON.parse(row.config) as TrackConfig);
  }

  webhook(topic: string): WebhookConfig | null {
    const row = this.sql
      .exec<{ config: string }>("SELECT config FROM webhooks WHERE topic = ?", topic)
      .toArray()[0];
    return row === undefined ? null : (JSON.parse(row.config) as WebhookConfig);
  }

  delete(name: string): void {
    this.transaction(() => {
      this.sql.exec("DELETE FROM webhooks WHERE topic = ?", name);
      this.sql.exec("DELETE FROM trackers WHERE topic = ?", name);
      this.sql.exec("DELETE FROM partitions WHERE topic = ?", name);
      this.sql.exec("DELETE FROM topics WHERE name = ?", name);
    });
  }
}

function toMetadata(topic: TopicRow, partitions: PartitionRow[]): TopicMetadata {
  return {
    ...(topic.internal === 1 ? { internal: true as const } : {}),
    name: topic.name,
    topicId: topic.topic_id,
    createdAt: topic.created_at,
    config: JSON.parse(topic.config) as TopicConfig,
    partitions: partitions.map(
      (p): PartitionAssignment => ({
        partition: p.partition,
        leader: p.leader,
        leaderEpoch: p.leader_epoch,
        replicas: JSON.parse(p.replicas) as number[],
        isr: JSON.parse(p.isr) as number[],
      }),
    ),
  };
}
