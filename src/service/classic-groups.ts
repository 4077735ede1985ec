// The classic group protocol as the routes see it (Kafka's JoinGroup, SyncGroup, Heartbeat,
// LeaveGroup, OffsetCommit over HTTP): the group's coordinator object does the protocol; here
// committed partitions are checked and stamped with their topic's incarnation.
import type { ClassicJoinAnswer, ClassicSyncAnswer } from "../groups/classic-calls.js";
import type {
  ClassicCallerRequest,
  ClassicCommitRequest,
  ClassicJoinRequest,
  ClassicLeaveRequest,
  ClassicSyncRequest,
} from "../protocol/classic-group-request.js";
import { unwrap } from "../protocol/errors.js";
import type { Cluster } from "./cluster.js";
import { inCurrentIncarnation } from "./groups.js";
import type { MetadataCache } from "./metadata-cache.js";

/** Waits until the join phase ends; `host` is the caller's address as the gateway saw it. */
export async function classicJoin(
  cluster: Cluster,
  groupId: string,
  request: ClassicJoinRequest,
  host: string | null,
): Promise<ClassicJoinAnswer> {
  const { ok: _, ...answer } = unwrap(
    await cluster.group(groupId).classicJoin(groupId, { ...request, host }),
  );
  return answer;
}

/** The leader's sync hands out assignments; every member's waits until it has. */
export async function classicSync(
  cluster: Cluster,
  groupId: string,
  request: ClassicSyncRequest,
): Promise<ClassicSyncAnswer> {
  const { ok: _, ...answer } = unwrap(await cluster.group(groupId).classicSync(groupId, request));
  return answer;
}

export async function classicHeartbeat(
  cluster: Cluster,
  groupId: string,
  caller: ClassicCallerRequest,
): Promise<void> {
  unwrap(await cluster.group(groupId).classicHeartbeat(groupId, caller));
}

export async function classicLeave(
  cluster: Cluster,
  groupId: string,
  request: ClassicLeaveRequest,
): Promise<void> {
  unwrap(await cluster.group(groupId).classicLeave(groupId, request));
}

export async function classicCommit(
  cluster: Cluster,
  cache: MetadataCache,
  groupId: string,
  request: ClassicCommitRequest,
): Promise<{ committed: number }> {
  const offsets = await inCurrentIncarnation(cluster, cache, request.offsets);
  const { offsets: _, ...caller } = request;
  unwrap(await cluster.group(groupId).classicCommit(groupId, caller, offsets));
  return { committed: offsets.length };
}
