// The produce answer as the producer reads it: each message of a sent batch resolved with its
// offset or rejected with its partition's error, from the default or the compact answer.
import { EdgelogClientError } from "./errors.js";
import type { Message, RecordMetadata } from "./producer-types.js";

/** A queued message and the send() promise it settles. */
export interface Pending {
  message: Message;
  bytes: number;
  resolve: (metadata: RecordMetadata) => void;
  reject: (error: unknown) => void;
}

type OffsetEntry = {
  partition: number;
  offset?: number;
  timestamp?: number;
  error?: Record<string, unknown>;
};

type CompactEntry = {
  partition: number;
  baseOffset?: number;
  count: number;
  timestamp?: number;
  timestamps?: number[];
  error?: Record<string, unknown>;
};

/** The default answer, or the compact one (DESIGN.md §4; README, Produce); null for acks 0. */
export type ProduceAnswer = { offsets?: OffsetEntry[]; partitions?: CompactEntry[] } | null;

/** Resolves or rejects each message of a sent batch from the produce answer. */
export function settleBatch(topic: string, batch: Pending[], answer: ProduceAnswer): void {
  const compact = answer?.partitions?.[0];
  batch.forEach((pending, i) => {
    const entry =
      compact === undefined
        ? answer?.offsets?.[i]
        : compactEntryAt(compact, i, pending.message.timestamp);
    if (entry === undefined) {
      pending.resolve({ topic, partition: -1, offset: -1, timestamp: -1 });
    } else if (entry.error !== undefined) {
      pending.reject(EdgelogClientError.fromAnswer(503, { error: entry.error }));
    } else {
      pending.resolve({ topic, ...entry } as RecordMetadata);
    }
  });
}

/**
 * The `i`-th record of a one-partition batch from its compact entry: offsets follow request
 * order; a record sent with a timestamp keeps it, unless a duplicate answer gives the stored one.
 */
function compactEntryAt(
  entry: CompactEntry,
  i: number,
  sentTimestamp: number | undefined,
): OffsetEntry | undefined {
  if (entry.error !== undefined) return { partition: entry.partition, error: entry.error };
  if (entry.baseOffset === undefined || i >= entry.count) return undefined;
  const timestamp = entry.timestamps?.[i] ?? sentTimestamp ?? entry.timestamp;
  return { partition: entry.partition, offset: entry.baseOffset + i, timestamp };
}
