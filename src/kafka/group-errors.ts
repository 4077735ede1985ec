// How a group API's failure reads to a Kafka client. The group coordinator is the gateway
// itself, so edgelog unreachable (or a partition's "not the leader", which a group call never
// means) is COORDINATOR_NOT_AVAILABLE: clients look the coordinator up again and retry.
import { EdgelogClientError } from "../client/errors.js";
import { KAFKA_ERROR, type KafkaErrorCode, kafkaErrorOf } from "./error-map.js";
import { checkAuthenticated } from "./session.js";

export function groupErrorOf(err: unknown): KafkaErrorCode {
  checkAuthenticated(err);
  const code = kafkaErrorOf(err, "group");
  const unreachable =
    code === KAFKA_ERROR.NOT_LEADER_OR_FOLLOWER ||
    (err instanceof EdgelogClientError && err.code === "INTERNAL" && err.retriable);
  return unreachable ? KAFKA_ERROR.COORDINATOR_NOT_AVAILABLE : code;
}

/** The member id a REBALANCE_IN_PROGRESS join answer carries (the member keeps its place). */
export function pendingMemberId(err: unknown): string | null {
  if (!(err instanceof EdgelogClientError) || err.code !== "REBALANCE_IN_PROGRESS") return null;
  const memberId = err.details?.memberId;
  return typeof memberId === "string" ? memberId : null;
}
