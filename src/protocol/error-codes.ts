// The one table of edgelog error codes (DESIGN.md §4): code → HTTP status, retriable flag, meaning.
// Codes are stable: add new ones, never rename or reuse one. Clients branch on `code`, never text.

export interface ErrorCodeInfo {
  readonly status: number;
  readonly retriable: boolean;
  readonly meaning: string;
}

export const ERROR_CODES = {
  INVALID_REQUEST: { status: 400, retriable: false, meaning: "the request is malformed" },
  UNAUTHORIZED: { status: 401, retriable: false, meaning: "no valid token was presented" },
  FORBIDDEN: { status: 403, retriable: false, meaning: "the token may not do this" },
  TOPIC_NOT_FOUND: { status: 404, retriable: false, meaning: "no such topic" },
  PARTITION_NOT_FOUND: { status: 404, retriable: false, meaning: "no such partition" },
  UNKNOWN_MEMBER: { status: 404, retriable: false, meaning: "no such group member" },
  GROUP_NOT_FOUND: { status: 404, retriable: false, meaning: "no such consumer group" },
  NOT_FOUND: {
    status: 404,
    retriable: false,
    meaning: "no such route, or no such per-topic config (webhook, tracking)",
  },
  TOKEN_NOT_FOUND: { status: 404, retriable: false, meaning: "no such access token" },
  METHOD_NOT_ALLOWED: {
    status: 405,
    retriable: false,
    meaning: "the route exists, not the method",
  },
  SUBSCRIPTION_NOT_FOUND: {
    status: 404,
    retriable: false,
    meaning: "no push subscription of that name on the topic",
  },
  TOPIC_EXISTS: { status: 409, retriable: false, meaning: "a topic with that name exists" },
  FENCED_MEMBER_EPOCH: { status: 409, retriable: false, meaning: "stale member epoch" },
  GROUP_NOT_EMPTY: { status: 409, retriable: false, meaning: "the group has active members" },
  OUT_OF_ORDER_SEQUENCE: { status: 409, retriable: false, meaning: "producer sequence gap" },
  PRODUCER_FENCED: { status: 409, retriable: false, meaning: "a newer producer epoch exists" },
  // Share groups (design/delivery.md).
  LEASE_EXPIRED: {
    status: 409,
    retriable: false,
    meaning: "the record's lease expired or belongs to another consumer",
  },
  GROUP_PROTOCOL_MISMATCH: {
    status: 409,
    retriable: false,
    meaning:
      "the group id is in use by a group of another kind or protocol (share, KIP-848 or classic), or its members share no protocol",
  },
  RECORD_TOO_LARGE: { status: 413, retriable: false, meaning: "a record exceeds its limit" },
  REQUEST_TOO_LARGE: { status: 413, retriable: false, meaning: "the request exceeds its limit" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retriable: false, meaning: "unsupported Content-Type" },
  OFFSET_OUT_OF_RANGE: { status: 416, retriable: false, meaning: "offset outside the log" },
  INVALID_QUERY: {
    status: 400,
    retriable: false,
    meaning: "the stream SQL statement is invalid (details: line, column)",
  },
  QUERY_NOT_FOUND: { status: 404, retriable: false, meaning: "no such persistent query" },
  RATE_LIMITED: { status: 429, retriable: true, meaning: "quota exceeded, retry later" },
  INTERNAL: { status: 500, retriable: false, meaning: "unexpected server error" },
  // Not retriable: only its operator can fix it, and retrying clients would only wait longer.
  NOT_CONFIGURED: {
    status: 500,
    retriable: false,
    meaning: "the deployment lacks required configuration",
  },
  NOT_ENOUGH_REPLICAS: { status: 503, retriable: true, meaning: "ISR too small; nothing written" },
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: {
    status: 503,
    retriable: true,
    meaning: "written by the leader, ISR shrank before it committed",
  },
  NOT_LEADER: { status: 503, retriable: true, meaning: "this replica is not the leader" },
  UNAVAILABLE: { status: 503, retriable: true, meaning: "the partition cannot be reached now" },
  // The classic (Kafka JoinGroup/SyncGroup) group protocol, issue 17.
  ILLEGAL_GENERATION: { status: 409, retriable: false, meaning: "stale group generation: rejoin" },
  REBALANCE_IN_PROGRESS: {
    status: 409,
    retriable: false,
    meaning: "the group is rebalancing: rejoin",
  },
  FENCED_INSTANCE_ID: {
    status: 409,
    retriable: false,
    meaning: "a newer member holds this static instance id",
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
