// Validation of consumer-group requests (DESIGN.md §4, /v1/groups).
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import {
  CLIENT_ID_CHARS_MAX,
  OFFSET_METADATA_CHARS_MAX,
  OFFSETS_PER_COMMIT_MAX,
  PARTITIONS_MAX,
  REBALANCE_TIMEOUT_MS_DEFAULT,
  REBALANCE_TIMEOUT_MS_MAX,
  SESSION_TIMEOUT_MS_DEFAULT,
  SESSION_TIMEOUT_MS_MAX,
  SESSION_TIMEOUT_MS_MIN,
  TOPICS_PER_MEMBER_MAX,
} from "./limits.js";
import { assertValidName, isValidName } from "./names.js";
import { ASSIGNORS, type AssignorName, type OffsetCommit, type TopicPartitions } from "./types.js";

export interface HeartbeatInput {
  memberEpoch: number;
  owned: TopicPartitions[];
  /** A new subscription, when it changes. */
  topics?: string[];
}

export interface JoinRequest {
  topics: string[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  assignor: AssignorName;
  instanceId: string | null;
  /** Kafka's client.id: how the member names itself in describe output. */
  clientId: string | null;
}

export interface CommitRequest {
  memberId?: string;
  memberEpoch?: number;
  offsets: OffsetCommit[];
}

export type ResetTarget = "earliest" | "latest" | { timestamp: number } | { offset: number };

export interface ResetRequest {
  topic: string;
  to: ResetTarget;
}

function invalid(message: string): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message);
}

function checkFields(body: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of Object.keys(body)) {
    if (!fields.includes(field)) throw invalid(`unknown field \`${field}\``);
  }
}

function object(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw invalid("body must be a JSON object");
  return body;
}

function topicList(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > TOPICS_PER_MEMBER_MAX) {
    throw invalid(`topics must list 1 to ${TOPICS_PER_MEMBER_MAX} topic names`);
  }
  for (const topic of raw) assertValidName("topic", topic);
  return [...new Set(raw as string[])];
}

function boundedInteger(raw: unknown, name: string, fallback: number, min: number, max: number) {
  if (raw === undefined) return fallback;
  if (!isNonNegativeInteger(raw) || raw < min || raw > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}`);
  }
  return raw;
}

export function parseJoin(raw: unknown): JoinRequest {
  const body = object(raw);
  checkFields(body, [
    "topics",
    "sessionTimeoutMs",
    "rebalanceTimeoutMs",
    "assignor",
    "instanceId",
    "clientId",
  ]);
  const assignor = body.assignor ?? "cooperative-sticky";
  if (!ASSIGNORS.includes(assignor as AssignorName)) {
    throw invalid(`assignor must be one of ${ASSIGNORS.join(", ")}`);
  }
  const instanceId = body.instanceId ?? null;
  if (instanceId !== null && (typeof instanceId !== "string" || !isValidName(instanceId))) {
    throw invalid("instanceId must match [A-Za-z0-9._-]{1,249}");
  }
  return {
    topics: topicList(body.topics),
    sessionTimeoutMs: boundedInteger(
      body.sessionTimeoutMs,
      "sessionTimeoutMs",
      SESSION_TIMEOUT_MS_DEFAULT,
      SESSION_TIMEOUT_MS_MIN,
      SESSION_TIMEOUT_MS_MAX,
    ),
    rebalanceTimeoutMs: boundedInteger(
      body.rebalanceTimeoutMs,
      "rebalanceTimeoutMs",
      REBALANCE_TIMEOUT_MS_DEFAULT,
      SESSION_TIMEOUT_MS_MIN,
      REBALANCE_TIMEOUT_MS_MAX,
    ),
    assignor: assignor as AssignorName,
    instanceId: instanceId as string | null,
    clientId: parseClientId(body.clientId),
  };
}

/** Printable text: control characters would garble the tables that show it. */
function parseClientId(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (
    typeof raw !== "string" ||
    raw.length === 0 ||
    raw.length > CLIENT_ID_CHARS_MAX ||
    /\p{Cc}/u.test(raw)
  ) {
    throw invalid(`clientId must be 1 to ${CLIENT_ID_CHARS_MAX} printable characters`);
  }
  return raw;
}

function topicPartitions(raw: unknown, name: string): TopicPartitions[] {
  if (!Array.isArray(raw)) throw invalid(`${name} must be an array of {topic, partitions}`);
  return raw.map((entry) => {
    if (!isPlainObject(entry)) throw invalid(`${name} entries must be {topic, partitions}`);
    checkFields(entry, ["topic", "partitions"]);
    assertValidName("topic", entry.topic);
    const { partitions } = entry;
    if (
      !Array.isArray(partitions) ||
      partitions.length > PARTITIONS_MAX ||
      !partitions.every((p) => isNonNegativeInteger(p) && p < PARTITIONS_MAX)
    ) {
      throw invalid(`${name}: partitions must be an array of partition numbers`);
    }
    return { topic: entry.topic, partitions: partitions as number[] };
  });
}

export function parseHeartbeat(raw: unknown): HeartbeatInput {
  const body = object(raw);
  checkFields(body, ["memberEpoch", "owned", "topics"]);
  if (!isNonNegativeInteger(body.memberEpoch)) throw invalid("memberEpoch must be an integer ≥ 0");
  const input: HeartbeatInput = {
    memberEpoch: body.memberEpoch,
    owned: body.owned === undefined ? [] : topicPartitions(body.owned, "owned"),
  };
  if (body.topics !== undefined) input.topics = topicList(body.topics);
  return input;
}

export function parseCommit(raw: unknown): CommitRequest {
  const body = object(raw);
  checkFields(body, ["memberId", "memberEpoch", "offsets"]);
  const request: CommitRequest = { offsets: parseOffsets(body.offsets) };
  if (body.memberId !== undefined || body.memberEpoch !== undefined) {
    if (typeof body.memberId !== "string" || body.memberId === "") {
      throw invalid("memberId must be a string (with memberEpoch)");
    }
    if (!isNonNegativeInteger(body.memberEpoch)) {
      throw invalid("memberEpoch must be an integer ≥ 0 (with memberId)");
    }
    request.memberId = body.memberId;
    request.memberEpoch = body.memberEpoch;
  }
  return request;
}

function parseOffsets(raw: unknown): OffsetCommit[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > OFFSETS_PER_COMMIT_MAX) {
    throw invalid(`offsets must list 1 to ${OFFSETS_PER_COMMIT_MAX} entries`);
  }
  return raw.map((entry) => {
    if (!isPlainObject(entry)) throw invalid("offsets entries must be objects");
    checkFields(entry, ["topic", "partition", "offset", "metadata"]);
    assertValidName("topic", entry.topic);
    if (!isNonNegativeInteger(entry.partition)) throw invalid("partition must be an integer ≥ 0");
    if (!isNonNegativeInteger(entry.offset)) throw invalid("offset must be an integer ≥ 0");
    const metadata = entry.metadata ?? "";
    if (typeof metadata !== "string" || metadata.length > OFFSET_METADATA_CHARS_MAX) {
      throw invalid(`metadata must be a string of at most ${OFFSET_METADATA_CHARS_MAX} characters`);
    }
    return { topic: entry.topic, partition: entry.partition, offset: entry.offset, metadata };
  });
}

export function parseReset(raw: unknown): ResetRequest {
  const body = object(raw);
  checkFields(body, ["topic", "to"]);
  assertValidName("topic", body.topic);
  const { to } = body;
  if (to === "earliest" || to === "latest") return { topic: body.topic, to };
  if (isPlainObject(to) && Object.keys(to).length === 1) {
    if (isNonNegativeInteger(to.timestamp))
      return { topic: body.topic, to: { timestamp: to.timestamp } };
    if (isNonNegativeInteger(to.offset)) return { topic: body.topic, to: { offset: to.offset } };
  }
  throw invalid('to must be "earliest", "latest", {timestamp} or {offset}');
}
