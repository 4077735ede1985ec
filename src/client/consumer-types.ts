// The consumer's public vocabulary: its options, the handlers `run()` takes and what they receive.
import type { AssignorName, FetchedRecord } from "../protocol/types.js";
import type { Logger, LogLevel } from "./logger.js";

/** One record as a handler receives it (`keyBase64`/`valueBase64` replace key/value for bytes). */
export type ConsumedMessage = FetchedRecord;

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** A commit: `offset` is the next offset to read, one past the last processed record. */
export interface TopicPartitionOffset extends TopicPartition {
  offset: number;
}

/** Partitions of one topic for pause/resume; all of the topic's partitions when absent. */
export interface TopicPartitionsSelector {
  topic: string;
  partitions?: number[];
}

export interface ConsumerOptions {
  groupId: string;
  /** How long the group waits for a silent member (server default 45 s; heartbeats every third). */
  sessionTimeoutMs?: number;
  /** How long a member may take to give up revoked partitions (server default 5 min). */
  rebalanceTimeoutMs?: number;
  /** The group's assignor, chosen by its first member. */
  assignor?: AssignorName;
  /** Static membership: a restart with the same id gets its partitions back without a rebalance. */
  instanceId?: string;
  /** How this member is named in the group's description (Kafka's client.id; "edgelog-js"). */
  clientId?: string;
  /** Commit the next offset after each processed page (default true): at-least-once. */
  autoCommit?: boolean;
  /** Records per fetch (default 500). */
  maxRecords?: number;
  /** Long-poll wait per fetch (default 1,000 ms; at most the heartbeat interval and 30 s). */
  maxWaitMs?: number;
  /** Without a committed offset, start at the log start (true) or the high watermark (default). */
  fromBeginning?: boolean;
  /**
   * Fetches in flight at once (default 4). Workers allow six open connections per invocation,
   * so this leaves room for heartbeats and commits; partitions take turns, none starves.
   */
  maxInFlightFetches?: number;
  /**
   * Errors that stopped progress: a handler or rebalance callback that threw, a fetch, join,
   * heartbeat or commit whose retries ran out or that was refused (non-retriable), a lost
   * membership. The consumer carries on (retries the partition, rejoins); without `onError` these
   * go to the logger (warn when retriable, else error). Retries themselves are only logged.
   */
  onError?: (error: unknown, context: ConsumerErrorContext) => void;
  /** Where the consumer's log lines go (default: the client's, else one line each on the console). */
  logger?: Logger;
  /** The least severe level logged: "nothing", "error", "warn", "info" (default) or "debug". */
  logLevel?: LogLevel;
}

export interface ConsumerErrorContext {
  /** What failed: a handler, a fetch, a commit, a heartbeat or a join, a rebalance callback. */
  operation: "handler" | "fetch" | "commit" | "heartbeat" | "join" | "callback" | "leave";
  topic?: string;
  partition?: number;
  offset?: number;
}

export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: ConsumedMessage;
}

export interface EachBatchPayload {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
  highWatermark: number;
  /**
   * Marks the batch processed up to `offset` (the next offset to read; default: after the batch's
   * last message) and commits it now. A handler that throws later resumes from there.
   */
  commit: (offset?: number) => Promise<void>;
}

export interface RunOptions {
  /** Awaited per record, in offset order per partition. */
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  /** Awaited per fetched page of one partition; wins over `eachMessage` when both are given. */
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  /** Partitions this member starts reading (after a join or a heartbeat's new assignment). */
  onPartitionsAssigned?: (partitions: TopicPartition[]) => Promise<void> | void;
  /**
   * Partitions this member gives up: their handlers finished, and with `autoCommit: false` this
   * is the last moment to commit them (`commitOffsets`) before another member reads them.
   */
  onPartitionsRevoked?: (partitions: TopicPartition[]) => Promise<void> | void;
  /** Partitions lost with the membership (fenced or expired): they can no longer be committed. */
  onPartitionsLost?: (partitions: TopicPartition[]) => Promise<void> | void;
}
