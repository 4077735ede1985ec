// Validation of fault-injection requests (DESIGN.md §3, POST /v1/admin/faults).
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import { FAULT_DELAY_MS_MAX, REPLICATION_FACTOR_MAX } from "./limits.js";
import { assertValidName } from "./names.js";

export interface FaultRequest {
  topic: string;
  partition: number;
  replica: number;
  fault: "down" | "up" | "delay";
  delayMs: number;
}

const FIELDS = new Set(["topic", "partition", "replica", "fault", "delayMs"]);

export function parseFaultRequest(body: unknown): FaultRequest {
  const invalid = (message: string) => new EdgelogError("INVALID_REQUEST", message);
  if (!isPlainObject(body)) throw invalid("body must be a JSON object");
  for (const field of Object.keys(body)) {
    if (!FIELDS.has(field)) throw invalid(`unknown field \`${field}\``);
  }
  assertValidName("topic", body.topic);
  if (!isNonNegativeInteger(body.partition)) throw invalid("partition must be an integer ≥ 0");
  if (!isNonNegativeInteger(body.replica) || body.replica >= REPLICATION_FACTOR_MAX) {
    throw invalid(`replica must be an integer from 0 to ${REPLICATION_FACTOR_MAX - 1}`);
  }
  const { fault } = body;
  if (fault !== "down" && fault !== "up" && fault !== "delay") {
    throw invalid('fault must be "down", "up" or "delay"');
  }
  let delayMs = 0;
  if (fault === "delay") {
    if (!isNonNegativeInteger(body.delayMs) || body.delayMs > FAULT_DELAY_MS_MAX) {
      throw invalid(`delayMs must be an integer from 0 to ${FAULT_DELAY_MS_MAX} (0 clears it)`);
    }
    delayMs = body.delayMs;
  } else if (body.delayMs !== undefined) {
    throw invalid('delayMs goes with fault "delay"');
  }
  return { topic: body.topic, partition: body.partition, replica: body.replica, fault, delayMs };
}
