// "nearest" for follower reads (KIP-392 style): the in-sync replica placed on the reader's
// continent, by the topic's placement hints. Without hints or location data (as locally), the
// leader is as near as the others.
import type { PartitionAssignment, TopicConfig } from "../protocol/types.js";

/** Cloudflare's location hints on each continent (request.cf.continent codes). */
const HINTS_BY_CONTINENT: Record<string, readonly string[]> = {
  NA: ["wnam", "enam"],
  SA: ["sam"],
  EU: ["weur", "eeur"],
  AS: ["apac", "me"],
  OC: ["oc"],
  AF: ["afr"],
};

export function nearestReplica(
  assignment: PartitionAssignment,
  config: TopicConfig,
  continent: string | undefined,
): number {
  const near = continent === undefined ? undefined : HINTS_BY_CONTINENT[continent];
  const placement = config.placement;
  if (near === undefined || placement === undefined) return assignment.leader;
  if (near.includes(placement[assignment.leader] ?? "")) return assignment.leader;
  const replica = assignment.isr.find((r) => near.includes(placement[r] ?? ""));
  return replica ?? assignment.leader;
}
