// A partition replica's one meta row (topic incarnation, leadership, offsets, compaction
// progress). Every SQL string touching it lives here.
import type { TopicConfig } from "../protocol/types.js";
import type { Sql } from "./sql.js";

/** A compaction pass: everything below `endOffset`, tombstones judged as of `time`. */
export interface CompactionTarget {
  endOffset: number;
  time: number;
}

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
  /** The last completed compaction pass: below its end the log holds one record per key. */
  cleaned: CompactionTarget;
  /** The newest compaction pass asked for: begun here, or shipped by the leader. */
  compaction: CompactionTarget;
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
  clean_offset: number;
  clean_time: number;
  compaction_end: number;
  compaction_time: number;
};

export class PartitionMetaStore {
  constructor(private readonly sql: Sql) {}

  load(): PartitionMeta | null {
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
      cleaned: { endOffset: row.clean_offset, time: row.clean_time },
      compaction: { endOffset: row.compaction_end, time: row.compaction_time },
    };
  }

  save(meta: PartitionMeta): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO partition_meta
        (id, topic_id, topic, partition, replica, config, log_start_offset, leader_epoch,
         leader, replicas, isr, high_watermark, clean_offset, clean_time, compaction_end,
         compaction_time)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      meta.cleaned.endOffset,
      meta.cleaned.time,
      meta.compaction.endOffset,
      meta.compaction.time,
    );
  }

  saveHighWatermark(highWatermark: number): void {
    this.sql.exec("UPDATE partition_meta SET high_watermark = ? WHERE id = 1", highWatermark);
  }

  delete(): void {
    this.sql.exec("DELETE FROM partition_meta");
  }
}
