// A leadership term as a replica sees it: the topic incarnation, its leader and epoch, and the
// replica set. A replicator lives exactly as long as its term; older epochs are fenced.
import type { Assignment } from "../log/partition-rpc.js";
import { type Failure, fail } from "../protocol/errors.js";

export type Term = Pick<Assignment, "topicId" | "leader" | "leaderEpoch" | "replicas">;

/** True when `next` keeps the incarnation, leadership and replica set `current` describes. */
export function sameTerm(current: Term, next: Term): boolean {
  return (
    current.topicId === next.topicId &&
    current.leader === next.leader &&
    current.leaderEpoch === next.leaderEpoch &&
    current.replicas.length === next.replicas.length &&
    current.replicas.every((replica, i) => next.replicas[i] === replica)
  );
}

/** A call from an older leader epoch: the caller is fenced (it learns the current epoch). */
export function staleEpoch(epoch: number, current: number): Failure {
  return fail("NOT_LEADER", `epoch ${epoch} is stale`, { leaderEpoch: current });
}
