// Dead letters, shared by share groups and push subscriptions (design/delivery.md): the record
// written to a dead-letter topic keeps the original's key, value and headers and adds where it
// came from and why it died, under these header names.
import { keyBytesOf } from "../log/record-codec.js";
import { partitionForKey } from "../partitioner.js";
import type { FetchedRecord, ProduceRecord } from "../protocol/types.js";

export const DEAD_LETTER_HEADERS = {
  sourceTopic: "edgelog-source-topic",
  sourcePartition: "edgelog-source-partition",
  sourceOffset: "edgelog-source-offset",
  reason: "edgelog-dead-reason",
  lastStatus: "edgelog-dead-last-status",
} as const;

/** Why a record died: a share group's consumer rejected it, or delivery ran out of attempts. */
export type DeadLetterReason = "rejected" | "max-deliveries" | "delivery-failed";

export interface DeadLetterSource {
  topic: string;
  partition: number;
}

/**
 * The dead letter of `record` (as a fetch returns it): key and value unchanged, its headers plus
 * the `edgelog-*` ones (which win over same-named originals), stamped at append time.
 */
export function deadLetterRecord(
  source: DeadLetterSource,
  record: FetchedRecord,
  reason: DeadLetterReason,
  extraHeaders: Record<string, string> = {},
): ProduceRecord {
  const dead: ProduceRecord = {
    headers: {
      ...record.headers,
      ...extraHeaders,
      [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: String(record.offset),
      [DEAD_LETTER_HEADERS.reason]: reason,
    },
  };
  if (record.keyBase64 !== undefined) dead.keyBase64 = record.keyBase64;
  else dead.key = record.key ?? null;
  if (record.valueBase64 !== undefined) dead.valueBase64 = record.valueBase64;
  else dead.value = record.value ?? null;
  return dead;
}

/**
 * The dead-letter partition: by key as a producer would place it (Kafka's murmur2), an unkeyed
 * record by its source partition, so one source partition's unkeyed letters stay in order.
 */
export function deadLetterPartition(
  record: ProduceRecord,
  sourcePartition: number,
  partitionCount: number,
): number {
  const keyBytes = keyBytesOf(record);
  if (keyBytes === null) return sourcePartition % partitionCount;
  return partitionForKey(keyBytes, partitionCount);
}
