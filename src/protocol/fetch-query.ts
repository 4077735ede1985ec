// Query parameters of fetch and offsets requests: strict integers with named bounds.
import { integerParam, parseInteger } from "./integer-param.js";
import {
  FETCH_BYTES_DEFAULT,
  FETCH_BYTES_MAX,
  FETCH_RECORDS_DEFAULT,
  FETCH_RECORDS_MAX,
  LONG_POLL_MS_MAX,
  REPLICATION_FACTOR_MAX,
} from "./limits.js";

export interface FetchParams {
  offset: number | null;
  maxRecords: number;
  maxBytes: number;
  waitMs: number;
  /** Which replica serves the read (KIP-392 style); the leader by default. */
  replica: ReplicaParam;
}

/** `Last-Event-ID` (an SSE resume point) wins over `?offset` (DESIGN.md §4). */
export function parseFetchParams(
  query: Record<string, string | undefined>,
  lastEventId: string | undefined,
): FetchParams {
  const offsetRaw = lastEventId ?? query.offset;
  const offsetName = lastEventId !== undefined ? "Last-Event-ID" : "offset";
  return {
    offset:
      offsetRaw === undefined
        ? null
        : parseInteger(offsetRaw, offsetName, 0, Number.MAX_SAFE_INTEGER),
    maxRecords: integerParam(query, "maxRecords", FETCH_RECORDS_DEFAULT, 1, FETCH_RECORDS_MAX),
    maxBytes: integerParam(query, "maxBytes", FETCH_BYTES_DEFAULT, 1, FETCH_BYTES_MAX),
    waitMs: integerParam(query, "waitMs", 0, 0, LONG_POLL_MS_MAX),
    replica: parseReplicaChoice(query.replica),
  };
}

export type ReplicaParam = "leader" | "nearest" | number;

export function parseReplicaChoice(raw: string | undefined): ReplicaParam {
  if (raw === undefined || raw === "leader") return "leader";
  if (raw === "nearest") return "nearest";
  return parseInteger(raw, "replica", 0, REPLICATION_FACTOR_MAX - 1);
}
