// What a partition replica object answers over Workers RPC. Expected failures are values
// (`Failure`), because RPC keeps only an exception's name and message.

import type {
  ActivityMinutesOk,
  PartitionMetricsOk,
  RecordTimeOk,
} from "../metrics/partition-metrics.js";
import type { Failure } from "../protocol/errors.js";
import type { Acks, PartitionOffsets, PartitionStorage, TopicConfig } from "../protocol/types.js";
import type { BatchRow, ProducerBatch } from "./batch-row.js";
import type { EncodedBatch } from "./encoded-batch.js";
import type { CompactionTarget } from "./partition-meta-store.js";
import type { WatcherRef } from "./watch-store.js";

/** Where a replica stands: its topic incarnation and who leads which epoch. */
export interface Assignment {
  topicId: string;
  topic: string;
  partition: number;
  replica: number;
  config: TopicConfig;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

export interface AppendInput {
  topicId: string;
  /** The epoch the caller believes current; a mismatch is NOT_LEADER. */
  leaderEpoch: number;
  acks: Acks;
  /** The records, encoded once by the gateway (encoded-batch.ts). */
  batch: EncodedBatch;
  /** An idempotent producer's batch: appended once however often it is sent. */
  producer?: ProducerBatch;
}

export interface AppendOk {
  ok: true;
  baseOffset: number;
  /** The time the leader stamped records that came without a timestamp. */
  appendTime: number;
  /** A retried idempotent batch: these are its original offsets and stored timestamps. */
  duplicate?: { timestamps: number[] };
}

export interface ReadInput {
  topicId: string;
  /** First offset wanted; null starts at the log start offset. */
  offset: number | null;
  maxRecords: number;
  maxBytes: number;
  /** How long to wait for a record when none is available yet (long-poll). */
  waitMs: number;
}

export interface ReadOk extends PartitionOffsets {
  ok: true;
  /** The records' JSON texts joined by commas: the inside of a JSON array. */
  records: string;
  count: number;
  /** The records' stored UTF-8 bytes. */
  bytes: number;
  nextOffset: number;
}

export interface OffsetsOk extends PartitionOffsets {
  ok: true;
  /** With a timestamp query: the first offset stamped at or after it, or null. */
  offset?: number | null;
}

/** The leader's push to a follower: batches to append at exactly `baseOffset`. */
export interface ReplicateInput {
  topicId: string;
  leader: number;
  leaderEpoch: number;
  /**
   * The leader's log start offset: the follower deletes what lies below it (retention is the
   * leader's decision), and a follower whose whole log lies below it starts afresh there.
   */
  logStartOffset: number;
  /** The leader's newest compaction pass: the follower runs the same one. */
  compaction: CompactionTarget;
  /**
   * Set when the follower is behind the leader's compaction: it drops its log and starts again
   * at `baseOffset` (the leader's log start) with the leader's last completed pass.
   */
  restart?: { cleaned: CompactionTarget };
  /** Where the rows start; the follower appends only if this is its log end offset. */
  baseOffset: number;
  /** The leader's epoch of the record just before `baseOffset` (-1: none): log matching. */
  prevEpoch: number;
  /**
   * Set when the follower's log diverged: the leader's largest epoch not after the follower's
   * last one, and where it ends (KIP-101/279). The follower truncates and appends nothing.
   */
  divergence?: { epoch: number; endOffset: number };
  rows: BatchRow[];
  highWatermark: number;
}

export interface ReplicateOk {
  ok: true;
  /** False when the follower's log did not end at `baseOffset` with `prevEpoch`. */
  accepted: boolean;
  logEndOffset: number;
  lastEpoch: number;
  /**
   * The follower stores compact rows (batch-row.ts RowFormat): it is sent rows as the leader stores
   * them. Followers of earlier releases answer without it and are sent framed rows.
   */
  compactRows?: true;
}

export interface BecomeLeaderInput {
  topicId: string;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  /** The highest high watermark any in-sync replica reported at election time. */
  highWatermark: number;
  /** Log end offsets of the in-sync replicas, as reported at election time. */
  logEndOffsets: Record<number, number>;
}

export interface BecomeFollowerInput {
  topicId: string;
  leaderEpoch: number;
  leader: number;
  replicas: number[];
}

export interface ReplicaStatus extends PartitionOffsets {
  ok: true;
  replica: number;
  role: "leader" | "follower";
  leader: number;
  leaderEpoch: number;
  lastEpoch: number;
  isr: number[];
  down: boolean;
  delayMs: number;
  storage: PartitionStorage;
  /** Below this offset the log holds at most one record per key (compacted topics). */
  cleanOffset: number;
}

export interface FaultInput {
  down?: boolean;
  delayMs?: number;
}

/** Arms a one-shot append watch for `watcher` (append-watches.ts); only the leader arms. */
export interface WatchInput {
  topicId: string;
  /** The epoch the caller believes current; a mismatch is NOT_LEADER. */
  leaderEpoch: number;
  watcher: WatcherRef;
  /** Wake once the high watermark passes this offset (the record there is readable). */
  offset: number;
}

export interface WatchOk {
  ok: true;
  /** False: the record at `offset` is readable already, so nothing was armed (read now). */
  armed: boolean;
  highWatermark: number;
}

export interface PartitionReplicaRpc {
  init(input: Assignment): Promise<{ ok: true } | Failure>;
  drop(topicId: string): Promise<{ ok: true } | Failure>;
  append(input: AppendInput): Promise<AppendOk | Failure>;
  read(input: ReadInput): Promise<ReadOk | Failure>;
  offsets(topicId: string, timestamp: number | null): Promise<OffsetsOk | Failure>;
  replicate(input: ReplicateInput): Promise<ReplicateOk | Failure>;
  becomeLeader(input: BecomeLeaderInput): Promise<ReplicaStatus | Failure>;
  becomeFollower(input: BecomeFollowerInput): Promise<ReplicaStatus | Failure>;
  status(topicId: string): Promise<ReplicaStatus | Failure>;
  setFault(topicId: string, fault: FaultInput): Promise<ReplicaStatus | Failure>;
  watch(input: WatchInput): Promise<WatchOk | Failure>;

  /** Status and counters, for a scrape (metrics/partition-metrics.ts). */
  metrics(topicId: string): Promise<PartitionMetricsOk | Failure>;
  /** Per-minute activity from `sinceMinute` (ms since the epoch) on. */
  activity(topicId: string, sinceMinute: number): Promise<ActivityMinutesOk | Failure>;
  /** The timestamp of the record at `offset` (or the next one kept), null if none yet. */
  recordTime(topicId: string, offset: number): Promise<RecordTimeOk | Failure>;
}
