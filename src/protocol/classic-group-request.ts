// Validation of the classic group protocol's requests (/v1/groups/:g/classic/…): Kafka's
// JoinGroup, SyncGroup, Heartbeat, LeaveGroup and OffsetCommit as JSON, with protocol metadata
// and assignments as base64 (opaque bytes the coordinator passes through untouched).
import { EdgelogError } from "./errors.js";
import { parseCommit } from "./group-request.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import {
  CLASSIC_ASSIGNMENT_BYTES_MAX,
  CLASSIC_METADATA_BYTES_MAX,
  CLASSIC_PROTOCOL_NAME_CHARS_MAX,
  CLASSIC_PROTOCOLS_MAX,
  CLIENT_ID_CHARS_MAX,
  GROUP_MEMBERS_MAX,
  REBALANCE_TIMEOUT_MS_DEFAULT,
  REBALANCE_TIMEOUT_MS_MAX,
  SESSION_TIMEOUT_MS_DEFAULT,
  SESSION_TIMEOUT_MS_MAX,
  SESSION_TIMEOUT_MS_MIN,
} from "./limits.js";
import { isValidName } from "./names.js";
import type { OffsetCommit } from "./types.js";

export interface ClassicProtocolOffer {
  name: string;
  metadataBase64: string;
}

export interface ClassicJoinRequest {
  /** Null on a member's first join: the coordinator gives it one. */
  memberId: string | null;
  instanceId: string | null;
  clientId: string | null;
  protocolType: string;
  protocols: ClassicProtocolOffer[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
}

/** Who calls in which generation: sync, heartbeat and commit carry it. */
export interface ClassicCallerRequest {
  memberId: string;
  generationId: number;
  instanceId: string | null;
}

export interface ClassicSyncRequest extends ClassicCallerRequest {
  protocolType: string | null;
  protocolName: string | null;
  /** The leader's: every member's assignment; others send none. */
  assignments: Array<{ memberId: string; assignmentBase64: string }>;
}

export interface ClassicLeaveRequest {
  /** Null to remove a static member by its instance id alone (Kafka's admin removal). */
  memberId: string | null;
  instanceId: string | null;
}

export interface ClassicCommitRequest extends ClassicCallerRequest {
  offsets: OffsetCommit[];
}

/** The join's answer, once the join phase ended (Kafka's JoinGroup response). */
export interface ClassicJoinAnswer {
  memberId: string;
  generationId: number;
  protocolType: string;
  protocolName: string | null;
  leaderId: string | null;
  /** Every member with its metadata for the chosen protocol: for the leader only, else []. */
  members: Array<{ memberId: string; instanceId: string | null; metadataBase64: string }>;
}

/** The sync's answer, once the leader has synced (Kafka's SyncGroup response). */
export interface ClassicSyncAnswer {
  protocolType: string;
  protocolName: string | null;
  assignmentBase64: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(message: string): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message);
}

function object(raw: unknown, fields: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(raw)) throw invalid("body must be a JSON object");
  for (const field of Object.keys(raw)) {
    if (!fields.includes(field)) throw invalid(`unknown field \`${field}\``);
  }
  return raw;
}

/** Base64 whose bytes fit `bytesMax`; `name` names the field in the message. */
function base64(raw: unknown, name: string, bytesMax: number): string {
  if (typeof raw !== "string" || !BASE64.test(raw)) throw invalid(`${name} must be base64`);
  if (decodedBytes(raw) > bytesMax) throw invalid(`${name} holds at most ${bytesMax} bytes`);
  return raw;
}

function decodedBytes(base64: string): number {
  return (base64.length / 4) * 3 - (base64.match(/=*$/)?.[0].length ?? 0);
}

/** A protocol type or name: printable, as Kafka's clients send them. */
function protocolName(raw: unknown, name: string): string {
  if (
    typeof raw !== "string" ||
    raw.length === 0 ||
    raw.length > CLASSIC_PROTOCOL_NAME_CHARS_MAX ||
    /\p{Cc}/u.test(raw)
  ) {
    throw invalid(`${name} must be 1 to ${CLASSIC_PROTOCOL_NAME_CHARS_MAX} printable characters`);
  }
  return raw;
}

function optional<T>(raw: unknown, parse: (value: unknown) => T): T | null {
  return raw === undefined || raw === null ? null : parse(raw);
}

/** Member ids are the coordinator's (UUIDs): anything unlike one cannot be a member. */
function memberId(raw: unknown): string {
  if (typeof raw !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(raw)) {
    throw new EdgelogError("UNKNOWN_MEMBER", "no such member in this group");
  }
  return raw;
}

function instanceId(raw: unknown): string {
  if (typeof raw !== "string" || !isValidName(raw)) {
    throw invalid("instanceId must match [A-Za-z0-9._-]{1,249}");
  }
  return raw;
}

function timeout(raw: unknown, name: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!isNonNegativeInteger(raw) || raw < SESSION_TIMEOUT_MS_MIN || raw > max) {
    throw invalid(`${name} must be an integer from ${SESSION_TIMEOUT_MS_MIN} to ${max}`);
  }
  return raw;
}

function protocols(raw: unknown): ClassicProtocolOffer[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > CLASSIC_PROTOCOLS_MAX) {
    throw invalid(`protocols must list 1 to ${CLASSIC_PROTOCOLS_MAX} {name, metadataBase64}`);
  }
  const offers = raw.map((entry) => {
    const fields = object(entry, ["name", "metadataBase64"]);
    return {
      name: protocolName(fields.name, "protocol name"),
      metadataBase64: base64(fields.metadataBase64 ?? "", "metadataBase64", Infinity),
    };
  });
  if (new Set(offers.map((p) => p.name)).size !== offers.length) {
    throw invalid("protocol names must be distinct");
  }
  const bytes = offers.reduce((sum, p) => sum + decodedBytes(p.metadataBase64), 0);
  if (bytes > CLASSIC_METADATA_BYTES_MAX) {
    throw invalid(`protocol metadata holds at most ${CLASSIC_METADATA_BYTES_MAX} bytes in all`);
  }
  return offers;
}

function clientId(raw: unknown): string {
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

export function parseClassicJoin(raw: unknown): ClassicJoinRequest {
  const body = object(raw, [
    "memberId",
    "instanceId",
    "clientId",
    "protocolType",
    "protocols",
    "sessionTimeoutMs",
    "rebalanceTimeoutMs",
  ]);
  const sessionTimeoutMs = timeout(
    body.sessionTimeoutMs,
    "sessionTimeoutMs",
    SESSION_TIMEOUT_MS_DEFAULT,
    SESSION_TIMEOUT_MS_MAX,
  );
  return {
    // Kafka's first join sends "" as its member id.
    memberId: body.memberId === "" ? null : optional(body.memberId, memberId),
    instanceId: optional(body.instanceId, instanceId),
    clientId: optional(body.clientId, clientId),
    protocolType: protocolName(body.protocolType, "protocolType"),
    protocols: protocols(body.protocols),
    sessionTimeoutMs,
    rebalanceTimeoutMs: timeout(
      body.rebalanceTimeoutMs,
      "rebalanceTimeoutMs",
      REBALANCE_TIMEOUT_MS_DEFAULT,
      REBALANCE_TIMEOUT_MS_MAX,
    ),
  };
}

function caller(body: Record<string, unknown>): ClassicCallerRequest {
  if (!isNonNegativeInteger(body.generationId))
    throw invalid("generationId must be an integer ≥ 0");
  return {
    memberId: memberId(body.memberId),
    generationId: body.generationId,
    instanceId: optional(body.instanceId, instanceId),
  };
}

export function parseClassicHeartbeat(raw: unknown): ClassicCallerRequest {
  return caller(object(raw, ["memberId", "generationId", "instanceId"]));
}

export function parseClassicSync(raw: unknown): ClassicSyncRequest {
  const body = object(raw, [
    "memberId",
    "generationId",
    "instanceId",
    "protocolType",
    "protocolName",
    "assignments",
  ]);
  const given = body.assignments ?? [];
  if (!Array.isArray(given) || given.length > GROUP_MEMBERS_MAX) {
    throw invalid(
      `assignments must list at most ${GROUP_MEMBERS_MAX} {memberId, assignmentBase64}`,
    );
  }
  const assignments = given.map((entry) => {
    const fields = object(entry, ["memberId", "assignmentBase64"]);
    if (typeof fields.memberId !== "string") throw invalid("assignments need a memberId");
    const bytes = base64(fields.assignmentBase64, "assignmentBase64", CLASSIC_ASSIGNMENT_BYTES_MAX);
    return { memberId: fields.memberId, assignmentBase64: bytes };
  });
  return {
    ...caller(body),
    protocolType: optional(body.protocolType, (v) => protocolName(v, "protocolType")),
    protocolName: optional(body.protocolName, (v) => protocolName(v, "protocolName")),
    assignments,
  };
}

export function parseClassicLeave(raw: unknown): ClassicLeaveRequest {
  const body = object(raw, ["memberId", "instanceId"]);
  const request = {
    memberId: body.memberId === "" ? null : optional(body.memberId, memberId),
    instanceId: optional(body.instanceId, instanceId),
  };
  if (request.memberId === null && request.instanceId === null) {
    throw invalid("leave needs a memberId or an instanceId");
  }
  return request;
}

export function parseClassicCommit(raw: unknown): ClassicCommitRequest {
  const body = object(raw, ["memberId", "generationId", "instanceId", "offsets"]);
  return { ...caller(body), offsets: parseCommit({ offsets: body.offsets }).offsets };
}
