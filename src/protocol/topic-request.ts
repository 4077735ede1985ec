// Validation of topic create and alter requests into a TopicConfig (DESIGN.md §4, POST/PATCH).
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import {
  PARTITIONS_MAX,
  PLACEMENT_HINT_CHARS_MAX,
  REPLICA_LAG_MS_DEFAULT,
  REPLICA_LAG_MS_MAX,
  REPLICATION_FACTOR_MAX,
} from "./limits.js";
import { assertValidName } from "./names.js";
import type { CleanupPolicy, TopicConfig } from "./types.js";

export interface CreateTopicRequest {
  name: string;
  partitions: number;
  config: TopicConfig;
  /** Set by edgelog itself (a query's repartition topic), never read from a request body. */
  internal?: true;
}

/** Fields PATCH may change; `null` clears an optional retention setting. */
export interface AlterTopicRequest {
  partitions?: number;
  config: Partial<Record<AlterableNumber, number | null>> & { cleanupPolicy?: CleanupPolicy };
}

const CREATE_FIELDS = new Set([
  "name",
  "partitions",
  "replicationFactor",
  "minInsyncReplicas",
  "replicaLagMs",
  "retentionMs",
  "retentionBytes",
  "cleanupPolicy",
  "minCompactionLagMs",
  "deleteRetentionMs",
  "placement",
]);
const ALTERABLE_FIELDS = [
  "cleanupPolicy",
  "minInsyncReplicas",
  "replicaLagMs",
  "retentionMs",
  "retentionBytes",
  "minCompactionLagMs",
  "deleteRetentionMs",
] as const;
type AlterableField = (typeof ALTERABLE_FIELDS)[number];
type AlterableNumber = Exclude<AlterableField, "cleanupPolicy">;
const CLEARABLE = new Set<string>([
  "retentionMs",
  "retentionBytes",
  "minCompactionLagMs",
  "deleteRetentionMs",
]);
const OPTIONAL_INTEGERS = [
  "retentionMs",
  "retentionBytes",
  "minCompactionLagMs",
  "deleteRetentionMs",
] as const;

function invalid(message: string, details?: Record<string, unknown>): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message, details);
}

function integerIn(
  body: Record<string, unknown>,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = body[field];
  if (raw === undefined) return fallback;
  if (!isNonNegativeInteger(raw) || raw < min || raw > max) {
    throw invalid(`${field} must be an integer from ${min} to ${max}`, { field });
  }
  return raw;
}

export function parseCreateTopic(body: unknown): CreateTopicRequest {
  if (!isPlainObject(body)) throw invalid("body must be a JSON object");
  for (const field of Object.keys(body)) {
    if (!CREATE_FIELDS.has(field)) throw invalid(`unknown field \`${field}\``, { field });
  }
  assertValidName("topic", body.name);
  const partitions = integerIn(body, "partitions", 1, 1, PARTITIONS_MAX);
  const replicationFactor = integerIn(body, "replicationFactor", 1, 1, REPLICATION_FACTOR_MAX);
  const config: TopicConfig = {
    replicationFactor,
    minInsyncReplicas: integerIn(body, "minInsyncReplicas", 1, 1, replicationFactor),
    replicaLagMs: integerIn(body, "replicaLagMs", REPLICA_LAG_MS_DEFAULT, 1, REPLICA_LAG_MS_MAX),
    cleanupPolicy: parseCleanupPolicy(body.cleanupPolicy),
  };
  for (const field of OPTIONAL_INTEGERS) {
    if (body[field] === undefined) continue;
    config[field] = integerIn(body, field, 0, 0, Number.MAX_SAFE_INTEGER);
  }
  if (body.placement !== undefined) {
    config.placement = parsePlacement(body.placement, replicationFactor);
  }
  return { name: body.name, partitions, config };
}

export function parseAlterTopic(body: unknown): AlterTopicRequest {
  if (!isPlainObject(body)) throw invalid("body must be a JSON object");
  const request: AlterTopicRequest = { config: {} };
  for (const field of Object.keys(body)) {
    if (field === "partitions") {
      request.partitions = integerIn(body, field, 0, 1, PARTITIONS_MAX);
    } else if (field === "cleanupPolicy") {
      request.config.cleanupPolicy = parseCleanupPolicy(body[field]);
    } else if ((ALTERABLE_FIELDS as readonly string[]).includes(field)) {
      const key = field as AlterableNumber;
      if (body[field] === null && CLEARABLE.has(field)) request.config[key] = null;
      else request.config[key] = integerIn(body, field, 0, 0, Number.MAX_SAFE_INTEGER);
    } else {
      throw invalid(`\`${field}\` cannot be altered; alterable: partitions, ${ALTERABLE_FIELDS}`, {
        field,
      });
    }
  }
  if (request.partitions === undefined && Object.keys(request.config).length === 0) {
    throw invalid("nothing to alter");
  }
  return request;
}

/** Applies an alter request to a config; throws INVALID_REQUEST for inconsistent results. */
export function applyAlter(config: TopicConfig, alter: AlterTopicRequest): TopicConfig {
  const next: TopicConfig = { ...config };
  for (const [field, value] of Object.entries(alter.config)) {
    const key = field as AlterableNumber;
    if (field === "cleanupPolicy") next.cleanupPolicy = value as CleanupPolicy;
    else if (value === null) delete next[key as (typeof OPTIONAL_INTEGERS)[number]];
    else next[key] = value as number;
  }
  if (next.minInsyncReplicas < 1 || next.minInsyncReplicas > next.replicationFactor) {
    throw invalid(`minInsyncReplicas must be from 1 to ${next.replicationFactor}`);
  }
  if (next.replicaLagMs < 1) throw invalid("replicaLagMs must be at least 1");
  return next;
}

/** Kafka's list form is accepted in either order and stored as "compact,delete". */
function parseCleanupPolicy(raw: unknown): CleanupPolicy {
  if (raw === undefined) return "delete";
  if (raw === "delete" || raw === "compact" || raw === "compact,delete") return raw;
  if (raw === "delete,compact") return "compact,delete";
  throw invalid('cleanupPolicy must be "delete", "compact" or "compact,delete"');
}

/** True when the policy keeps the newest record per key. */
export function compacts(policy: CleanupPolicy): boolean {
  return policy !== "delete";
}

/** True when the policy deletes by retentionMs and retentionBytes. */
export function deletes(policy: CleanupPolicy): boolean {
  return policy !== "compact";
}

function parsePlacement(raw: unknown, replicationFactor: number): string[] {
  if (
    !Array.isArray(raw) ||
    raw.length !== replicationFactor ||
    !raw.every(
      (hint) =>
        typeof hint === "string" && hint.length > 0 && hint.length <= PLACEMENT_HINT_CHARS_MAX,
    )
  ) {
    throw invalid("placement must list one location hint string per replica");
  }
  return raw as string[];
}
