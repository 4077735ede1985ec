// Path parameters: topic names by Kafka's rule, partitions as integers ≥ 0.

import type { ReplicaParam } from "../../src/protocol/fetch-query.js";
import { parseInteger } from "../../src/protocol/integer-param.js";
import { assertValidName } from "../../src/protocol/names.js";
import type { ReplicaChoice } from "../../src/service/leader.js";
import type { AppContext } from "./context.js";

export function topicParam(c: AppContext): string {
  const topic = c.req.param("topic");
  assertValidName("topic", topic);
  return topic;
}

export function partitionParam(c: AppContext): number {
  return parseInteger(c.req.param("partition") ?? "", "partition", 0, Number.MAX_SAFE_INTEGER);
}

/** The replica a read asks for; "nearest" is resolved against the reader's continent. */
export function replicaChoice(c: AppContext, param: ReplicaParam): ReplicaChoice {
  if (param !== "nearest") return param;
  const continent = (c.req.raw as { cf?: { continent?: unknown } }).cf?.continent;
  return { nearest: typeof continent === "string" ? continent : undefined };
}
