// Leader election for one partition (DESIGN.md §3): only when the leader is really unreachable,
// only among in-sync replicas (no unclean election), the longest log wins, the epoch goes up.
import type { PartitionReplicaRpc, ReplicaStatus } from "../log/partition-rpc.js";
import { EdgelogError } from "../protocol/errors.js";
import type { PartitionAssignment, TopicMetadata } from "../protocol/types.js";
import { electLeader } from "../replication/isr.js";

/** A replica's status, or null when it cannot be reached (down, or the call failed). */
async function reach(replica: PartitionReplicaRpc, topicId: string): Promise<ReplicaStatus | null> {
  try {
    const status = await replica.status(topicId);
    return status.ok ? status : null;
  } catch {
    return null;
  }
}

/**
 * The partition's next assignment, or null when its leader answers after all. Throws
 * UNAVAILABLE when no in-sync replica can be reached: the partition waits for one to return.
 */
export async function electNewLeader(
  topic: TopicMetadata,
  current: PartitionAssignment,
  replica: (r: number) => PartitionReplicaRpc,
): Promise<PartitionAssignment | null> {
  const leader = await reach(replica(current.leader), topic.topicId);
  if (leader !== null && leader.role === "leader" && leader.leaderEpoch === current.leaderEpoch) {
    return null;
  }
  const others = current.isr.filter((r) => r !== current.leader);
  const statuses = (await Promise.all(others.map((r) => reach(replica(r), topic.topicId)))).filter(
    (s): s is ReplicaStatus => s !== null,
  );
  const chosen = electLeader(
    statuses.map((s) => ({ replica: s.replica, logEndOffset: s.logEndOffset })),
  );
  if (chosen === null) {
    throw new EdgelogError("UNAVAILABLE", "the leader and every in-sync replica are unreachable", {
      partition: current.partition,
    });
  }
  const isr = statuses.map((s) => s.replica).sort((a, b) => a - b);
  const logEndOffsets = Object.fromEntries(statuses.map((s) => [s.replica, s.logEndOffset]));
  const leaderEpoch = current.leaderEpoch + 1;
  // In-sync replicas are prefixes of the old leader's log holding at least its high watermark:
  // the shortest of them is a high watermark that never goes back (KIP-207).
  const highWatermark = Math.min(...statuses.map((s) => s.logEndOffset));
  const answer = await replica(chosen.replica).becomeLeader({
    topicId: topic.topicId,
    leaderEpoch,
    replicas: current.replicas,
    isr,
    highWatermark,
    logEndOffsets,
  });
  if (!answer.ok)
    throw new EdgelogError("UNAVAILABLE", `new leader refused: ${answer.error.message}`);
  // Best effort, not awaited: the others learn the new epoch from the new leader's pushes anyway.
  void Promise.all(
    current.replicas
      .filter((r) => r !== chosen.replica)
      .map((r) =>
        replica(r)
          .becomeFollower({
            topicId: topic.topicId,
            leaderEpoch,
            leader: chosen.replica,
            replicas: current.replicas,
          })
          .catch(() => undefined),
      ),
  );
  return { ...current, leader: chosen.replica, leaderEpoch, isr };
}
