// Access tokens on the wire (DESIGN.md §4, /v1/tokens): ACL entries, quotas, and the validation
// of `POST /v1/tokens`.
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import { ACL_ENTRIES_MAX, TOKEN_NAME_CHARS_MAX } from "./limits.js";

/** What a token may do to a resource (Kafka's Write, Read, Describe, Alter/Create/Delete). */
export type Operation = "produce" | "consume" | "describe" | "admin";
export const OPERATIONS: readonly Operation[] = ["produce", "consume", "describe", "admin"];

/**
 * `resource` is `topic:<name>`, `group:<name>`, or a prefix ending in `*` (`topic:orders*`;
 * `topic:*` is every topic), or `cluster` (`describe`: GET /metrics). Kafka's literal and
 * prefixed resource patterns, and its Cluster resource.
 */
export interface AclEntry {
  resource: string;
  operations: Operation[];
}

/** Kafka's produce and fetch byte-rate quotas, per token. Unset: no limit. */
export interface Quotas {
  produceBytesPerSec?: number;
  fetchBytesPerSec?: number;
}

export interface CreateTokenRequest {
  name: string;
  acl: AclEntry[];
  quotas?: Quotas;
}

/** A token as listed: never its secret. */
export interface TokenSummary {
  id: string;
  name: string;
  acl: AclEntry[];
  quotas?: Quotas;
  createdAt: number;
}

/**
 * `topic:` or `group:`, then a Kafka name, a name prefix and `*`, or `*` alone. A literal name
 * follows names.ts (not "." or ".."); a prefix may be dots (`topic:.*`).
 */
const RESOURCE = /^(?:cluster|(topic|group):(?!\.\.?$)([A-Za-z0-9._-]{1,249}\*?|\*))$/;
const FIELDS = new Set(["name", "acl", "quotas"]);
const QUOTA_FIELDS = ["produceBytesPerSec", "fetchBytesPerSec"] as const;

function invalid(message: string, details?: Record<string, unknown>): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message, details);
}

export function parseCreateToken(body: unknown): CreateTokenRequest {
  if (!isPlainObject(body)) throw invalid("body must be a JSON object {name, acl, quotas?}");
  for (const field of Object.keys(body)) {
    if (!FIELDS.has(field)) throw invalid(`unknown field \`${field}\``, { field });
  }
  const { name, acl, quotas } = body;
  if (typeof name !== "string" || name.length === 0 || name.length > TOKEN_NAME_CHARS_MAX) {
    throw invalid(`name must be a string of 1 to ${TOKEN_NAME_CHARS_MAX} characters`);
  }
  if (!Array.isArray(acl) || acl.length > ACL_ENTRIES_MAX) {
    throw invalid(`acl must be an array of at most ${ACL_ENTRIES_MAX} entries`);
  }
  const request: CreateTokenRequest = { name, acl: acl.map(parseAclEntry) };
  if (quotas !== undefined) request.quotas = parseQuotas(quotas);
  return request;
}

function parseAclEntry(raw: unknown, index: number): AclEntry {
  if (!isPlainObject(raw) || Object.keys(raw).some((k) => k !== "resource" && k !== "operations")) {
    throw invalid(`acl[${index}] must be {resource, operations}`, { index });
  }
  const { resource, operations } = raw;
  if (typeof resource !== "string" || !RESOURCE.test(resource)) {
    throw invalid(
      `acl[${index}].resource must be topic:<name>, group:<name>, a prefix*, or cluster`,
      {
        index,
      },
    );
  }
  if (
    !Array.isArray(operations) ||
    operations.length === 0 ||
    !operations.every((op) => OPERATIONS.includes(op as Operation)) ||
    new Set(operations).size !== operations.length
  ) {
    throw invalid(`acl[${index}].operations must list some of ${OPERATIONS.join(", ")}`, {
      index,
    });
  }
  return { resource, operations: operations as Operation[] };
}

function parseQuotas(raw: unknown): Quotas {
  if (!isPlainObject(raw)) throw invalid("quotas must be an object");
  const quotas: Quotas = {};
  for (const field of Object.keys(raw)) {
    if (!(QUOTA_FIELDS as readonly string[]).includes(field)) {
      throw invalid(`unknown quota \`${field}\``, { field });
    }
    const value = raw[field];
    if (!isNonNegativeInteger(value) || value < 1) {
      throw invalid(`quotas.${field} must be an integer ≥ 1 (bytes per second)`, { field });
    }
    quotas[field as (typeof QUOTA_FIELDS)[number]] = value;
  }
  return quotas;
}
