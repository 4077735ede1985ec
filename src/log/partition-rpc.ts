// What a partition replica object answers over Workers RPC. Expected failures are values
// (`Failure`), because RPC keeps only an exception's name and message.
import type { Failure } from "../protocol/errors.js";
import type { PartitionOffsets, TopicConfig } from "../protocol/types.js";

export interface InitInput {
  topicId: string;
  topic: string;
  partition: number;
  replica: number;
  config: TopicConfig;
}

export interface AppendInput {
  topicId: string;
  /** Encoded record bodies (see record-codec.ts), in order. */
  bodies: string[];
  /** UTF-8 bytes of each body. */
  bodyBytes: number[];
  /** Producer timestamps; -1 asks for log-append time. */
  timestamps: number[];
}

export interface AppendOk {
  ok: true;
  baseOffset: number;
  /** The time the leader stamped records that came without a timestamp. */
  appendTime: number;
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
  nextOffset: number;
}

export interface OffsetsOk extends PartitionOffsets {
  ok: true;
  /** With a timestamp query: the first offset stamped at or after it, or null. */
  offset?: number | null;
}

export interface PartitionReplicaRpc {
  init(input: InitInput): Promise<{ ok: true }>;
  drop(topicId: string): Promise<{ ok: true }>;
  append(input: AppendInput): Promise<AppendOk | Failure>;
  read(input: ReadInput): Promise<ReadOk | Failure>;
  offsets(topicId: string, timestamp: number | null): Promise<OffsetsOk | Failure>;
}
