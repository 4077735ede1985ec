// Kafka's error codes the gateway answers, and the one table that maps each edgelog error code
// to one of them (the contract's "one table in code"). Unknown failures become
// UNKNOWN_SERVER_ERROR; errors are told apart by code, never by message text.
import { EdgelogClientError } from "../client/errors.js";
import type { ErrorCode } from "../protocol/error-codes.js";

/** Kafka's numeric error codes (org.apache.kafka.common.protocol.Errors), those we answer. */
export const KAFKA_ERROR = {
  NONE: 0,
  UNKNOWN_SERVER_ERROR: -1,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  MESSAGE_TOO_LARGE: 10,
  RECORD_LIST_TOO_LARGE: 18,
  NOT_ENOUGH_REPLICAS: 19,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  INVALID_REQUIRED_ACKS: 21,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  TOPIC_AUTHORIZATION_FAILED: 29,
  GROUP_AUTHORIZATION_FAILED: 30,
  CLUSTER_AUTHORIZATION_FAILED: 31,
  UNSUPPORTED_SASL_MECHANISM: 33,
  ILLEGAL_SASL_STATE: 34,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_CONFIG: 40,
  INVALID_REQUEST: 42,
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 43,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  INVALID_TXN_STATE: 48,
  SASL_AUTHENTICATION_FAILED: 58,
  UNKNOWN_PRODUCER_ID: 59,
  INVALID_RECORD: 87,
  THROTTLING_QUOTA_EXCEEDED: 89,
  PRODUCER_FENCED: 90,
  UNKNOWN_TOPIC_ID: 100,
  // The group APIs (classic and KIP-848).
  OFFSET_METADATA_TOO_LARGE: 12,
  COORDINATOR_NOT_AVAILABLE: 15,
  ILLEGAL_GENERATION: 22,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  MEMBER_ID_REQUIRED: 79,
  FENCED_INSTANCE_ID: 82,
  FENCED_MEMBER_EPOCH: 110,
} as const;

export type KafkaErrorCode = (typeof KAFKA_ERROR)[keyof typeof KAFKA_ERROR];

/** What a request was about: FORBIDDEN is a topic's or a group's authorization failure. */
export type ErrorScope = "topic" | "group" | "cluster";

const AUTHORIZATION: Record<ErrorScope, KafkaErrorCode> = {
  topic: KAFKA_ERROR.TOPIC_AUTHORIZATION_FAILED,
  group: KAFKA_ERROR.GROUP_AUTHORIZATION_FAILED,
  cluster: KAFKA_ERROR.CLUSTER_AUTHORIZATION_FAILED,
};

/** edgelog code → Kafka code; `null` entries depend on the scope (authorization). */
const EDGELOG_TO_KAFKA: Record<ErrorCode, KafkaErrorCode | null> = {
  INVALID_REQUEST: KAFKA_ERROR.INVALID_REQUEST,
  UNAUTHORIZED: KAFKA_ERROR.SASL_AUTHENTICATION_FAILED,
  FORBIDDEN: null,
  TOPIC_NOT_FOUND: KAFKA_ERROR.UNKNOWN_TOPIC_OR_PARTITION,
  PARTITION_NOT_FOUND: KAFKA_ERROR.UNKNOWN_TOPIC_OR_PARTITION,
  UNKNOWN_MEMBER: KAFKA_ERROR.UNKNOWN_MEMBER_ID,
  GROUP_NOT_FOUND: KAFKA_ERROR.GROUP_ID_NOT_FOUND,
  // Share groups and push subscriptions have no Kafka API: only their HTTP routes answer these.
  SUBSCRIPTION_NOT_FOUND: KAFKA_ERROR.INVALID_REQUEST,
  NOT_FOUND: KAFKA_ERROR.INVALID_REQUEST,
  TOKEN_NOT_FOUND: KAFKA_ERROR.INVALID_REQUEST,
  METHOD_NOT_ALLOWED: KAFKA_ERROR.INVALID_REQUEST,
  TOPIC_EXISTS: KAFKA_ERROR.TOPIC_ALREADY_EXISTS,
  FENCED_MEMBER_EPOCH: KAFKA_ERROR.FENCED_MEMBER_EPOCH,
  GROUP_NOT_EMPTY: KAFKA_ERROR.NON_EMPTY_GROUP,
  OUT_OF_ORDER_SEQUENCE: KAFKA_ERROR.OUT_OF_ORDER_SEQUENCE_NUMBER,
  PRODUCER_FENCED: KAFKA_ERROR.PRODUCER_FENCED,
  RECORD_TOO_LARGE: KAFKA_ERROR.MESSAGE_TOO_LARGE,
  REQUEST_TOO_LARGE: KAFKA_ERROR.RECORD_LIST_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: KAFKA_ERROR.UNKNOWN_SERVER_ERROR,
  OFFSET_OUT_OF_RANGE: KAFKA_ERROR.OFFSET_OUT_OF_RANGE,
  RATE_LIMITED: KAFKA_ERROR.THROTTLING_QUOTA_EXCEEDED,
  INTERNAL: KAFKA_ERROR.UNKNOWN_SERVER_ERROR,
  NOT_CONFIGURED: KAFKA_ERROR.UNKNOWN_SERVER_ERROR,
  NOT_ENOUGH_REPLICAS: KAFKA_ERROR.NOT_ENOUGH_REPLICAS,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: KAFKA_ERROR.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
  // A share group's acquisition lapsed: share groups have no classic-protocol counterpart here.
  LEASE_EXPIRED: KAFKA_ERROR.INVALID_REQUEST,
  GROUP_PROTOCOL_MISMATCH: KAFKA_ERROR.INCONSISTENT_GROUP_PROTOCOL,
  // Retriable on the client's side: it refreshes metadata and sends again.
  NOT_LEADER: KAFKA_ERROR.NOT_LEADER_OR_FOLLOWER,
  UNAVAILABLE: KAFKA_ERROR.NOT_LEADER_OR_FOLLOWER,
  ILLEGAL_GENERATION: KAFKA_ERROR.ILLEGAL_GENERATION,
  REBALANCE_IN_PROGRESS: KAFKA_ERROR.REBALANCE_IN_PROGRESS,
  FENCED_INSTANCE_ID: KAFKA_ERROR.FENCED_INSTANCE_ID,
  // Stream SQL answers only over HTTP; a Kafka client never meets these.
  INVALID_QUERY: KAFKA_ERROR.INVALID_REQUEST,
  QUERY_NOT_FOUND: KAFKA_ERROR.INVALID_REQUEST,
};

/** The Kafka code for an edgelog error; anything else is UNKNOWN_SERVER_ERROR. */
export function kafkaErrorFor(code: ErrorCode, scope: ErrorScope): KafkaErrorCode {
  return EDGELOG_TO_KAFKA[code] ?? AUTHORIZATION[scope];
}

/** The Kafka code for whatever a call to edgelog threw. */
export function kafkaErrorOf(err: unknown, scope: ErrorScope): KafkaErrorCode {
  if (err instanceof EdgelogClientError) return kafkaErrorFor(err.code, scope);
  return KAFKA_ERROR.UNKNOWN_SERVER_ERROR;
}

/**
 * Thrown when edgelog refuses the connection's credentials: the connection is closed, the
 * contract's answer to a client that skipped SASL while auth is on.
 */
export class UnauthenticatedError extends Error {
  override readonly name = "UnauthenticatedError";
}
