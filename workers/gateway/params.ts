// Path parameters: topic names by Kafka's rule, partitions as integers ≥ 0.

import { parseInteger } from "../../src/protocol/fetch-query.js";
import { assertValidName } from "../../src/protocol/names.js";
import type { AppContext } from "./context.js";

export function topicParam(c: AppContext): string {
  const topic = c.req.param("topic");
  assertValidName("topic", topic);
  return topic;
}

export function partitionParam(c: AppContext): number {
  return parseInteger(c.req.param("partition") ?? "", "partition", 0, Number.MAX_SAFE_INTEGER);
}
