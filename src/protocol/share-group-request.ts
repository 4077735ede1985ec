// Share groups on the wire (design/delivery.md): the config, records and acks bodies, their
// validation (unknown fields and bad values are INVALID_REQUEST, naming the field) and answers.
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import {
  LONG_POLL_MS_MAX,
  PARTITIONS_MAX,
  SHARE_ACKS_PER_REQUEST_MAX,
  SHARE_DELIVERY_ATTEMPTS_DEFAULT,
  SHARE_DELIVERY_ATTEMPTS_MAX,
  SHARE_GROUP_TOPICS_MAX,
  SHARE_LEASE_MS_DEFAULT,
  SHARE_LEASE_MS_MAX,
  SHARE_LEASE_MS_MIN,
  SHARE_RECORDS_PER_REQUEST_DEFAULT,
  SHARE_RECORDS_PER_REQUEST_MAX,
} from "./limits.js";
import { assertValidName } from "./names.js";

export interface ShareGroupConfig {
  topics: string[];
  startAt: "latest" | "earliest";
  leaseMs: number;
  maxDeliveryAttempts: number;
  /** Where archived records go; absent: archived records are only counted. */
  deadLetterTopic?: string;
}

export interface ShareRecordsRequest {
  maxRecords: number;
  waitMs: number;
}

export type AckType = "accept" | "release" | "reject";
export const ACK_TYPES: readonly AckType[] = ["accept", "release", "reject"];

export interface ShareAck {
  topic: string;
  partition: number;
  offset: number;
  leaseId: string;
  type: AckType;
}

/** A leased record: a fetched record plus where it is from, its lease and delivery count. */
export interface ShareRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key?: string | null;
  keyBase64?: string;
  value?: unknown;
  valueBase64?: string;
  headers: Record<string, string>;
  deliveryCount: number;
  leaseId: string;
}

export interface ShareRecordsAnswer {
  records: ShareRecord[];
  /** ms since the epoch; null when nothing was leased. */
  leaseExpiresAt: number | null;
}

export type AckResult =
  | { topic: string; partition: number; offset: number; ok: true }
  | {
      topic: string;
      partition: number;
      offset: number;
      ok: false;
      error: { code: "LEASE_EXPIRED"; message: string };
    };

export interface SharePartitionDescription {
  topic: string;
  partition: number;
  /** The share-partition start offset: every offset below it is accepted or archived. */
  startOffset: number;
  /** The partition's high watermark: records up to here are for the group to lease. */
  endOffset: number;
  leased: number;
  available: number;
  /** Records archived so far (rejected, delivered too often, or removed by retention). */
  archived: number;
}

export interface ShareGroupDescription {
  groupId: string;
  config: ShareGroupConfig;
  partitions: SharePartitionDescription[];
  /** Records neither accepted nor archived yet: leased plus available. */
  lagRecords: number;
}

function invalid(message: string, field?: string): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message, field === undefined ? undefined : { field });
}

function object(raw: unknown): Record<string, unknown> {
  if (!isPlainObject(raw)) throw invalid("body must be a JSON object");
  return raw;
}

/** A typo never silently means a default. */
function checkFields(body: Record<string, unknown>, fields: readonly string[], where = ""): void {
  for (const field of Object.keys(body)) {
    if (!fields.includes(field)) throw invalid(`unknown field \`${where}${field}\``, field);
  }
}

function boundedInteger(raw: unknown, name: string, fallback: number, min: number, max: number) {
  if (raw === undefined) return fallback;
  if (!isNonNegativeInteger(raw) || raw < min || raw > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}`, name);
  }
  return raw;
}

export function parseShareGroupConfig(raw: unknown): ShareGroupConfig {
  const body = object(raw);
  checkFields(body, ["topics", "startAt", "leaseMs", "maxDeliveryAttempts", "deadLetterTopic"]);
  const { topics } = body;
  if (!Array.isArray(topics) || topics.length === 0 || topics.length > SHARE_GROUP_TOPICS_MAX) {
    throw invalid(`topics must list 1 to ${SHARE_GROUP_TOPICS_MAX} topic names`, "topics");
  }
  for (const topic of topics) assertValidName("topic", topic);
  const startAt = body.startAt ?? "latest";
  if (startAt !== "latest" && startAt !== "earliest") {
    throw invalid('startAt must be "latest" or "earliest"', "startAt");
  }
  const config: ShareGroupConfig = {
    topics: [...new Set(topics as string[])].sort(),
    startAt,
    leaseMs: boundedInteger(
      body.leaseMs,
      "leaseMs",
      SHARE_LEASE_MS_DEFAULT,
      SHARE_LEASE_MS_MIN,
      SHARE_LEASE_MS_MAX,
    ),
    maxDeliveryAttempts: boundedInteger(
      body.maxDeliveryAttempts,
      "maxDeliveryAttempts",
      SHARE_DELIVERY_ATTEMPTS_DEFAULT,
      1,
      SHARE_DELIVERY_ATTEMPTS_MAX,
    ),
  };
  if (body.deadLetterTopic !== undefined) {
    assertValidName("topic", body.deadLetterTopic);
    if (config.topics.includes(body.deadLetterTopic)) {
      // It would lease its own dead letters back out, and archive them into itself again.
      throw invalid("deadLetterTopic must not be one of the group's topics", "deadLetterTopic");
    }
    config.deadLetterTopic = body.deadLetterTopic;
  }
  return config;
}

export function parseShareRecordsRequest(raw: unknown): ShareRecordsRequest {
  const body = object(raw ?? {});
  checkFields(body, ["maxRecords", "waitMs"]);
  return {
    maxRecords: boundedInteger(
      body.maxRecords,
      "maxRecords",
      SHARE_RECORDS_PER_REQUEST_DEFAULT,
      1,
      SHARE_RECORDS_PER_REQUEST_MAX,
    ),
    waitMs: boundedInteger(body.waitMs, "waitMs", 0, 0, LONG_POLL_MS_MAX),
  };
}

export function parseShareAcks(raw: unknown): ShareAck[] {
  const body = object(raw);
  checkFields(body, ["acks"]);
  const { acks } = body;
  if (!Array.isArray(acks) || acks.length === 0 || acks.length > SHARE_ACKS_PER_REQUEST_MAX) {
    throw invalid(`acks must list 1 to ${SHARE_ACKS_PER_REQUEST_MAX} entries`, "acks");
  }
  return acks.map((entry, i) => {
    if (!isPlainObject(entry)) throw invalid(`acks[${i}] must be an object`, "acks");
    checkFields(entry, ["topic", "partition", "offset", "leaseId", "type"], `acks[${i}].`);
    assertValidName("topic", entry.topic);
    if (!isNonNegativeInteger(entry.partition) || entry.partition >= PARTITIONS_MAX) {
      throw invalid(`acks[${i}].partition must be a partition number`, "partition");
    }
    if (!isNonNegativeInteger(entry.offset)) {
      throw invalid(`acks[${i}].offset must be an integer ≥ 0`, "offset");
    }
    if (typeof entry.leaseId !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(entry.leaseId)) {
      throw invalid(`acks[${i}].leaseId must be a lease id from a records answer`, "leaseId");
    }
    if (!ACK_TYPES.includes(entry.type as AckType)) {
      throw invalid(`acks[${i}].type must be one of ${ACK_TYPES.join(", ")}`, "type");
    }
    return {
      topic: entry.topic,
      partition: entry.partition,
      offset: entry.offset,
      leaseId: entry.leaseId,
      type: entry.type as AckType,
    };
  });
}
