// Consumer groups as the routes see them: the coordinator object does membership and commits;
// here topics and partitions are checked, commits stamped with the topic's incarnation, and lag
// computed from partition offsets (group-offsets.ts).
import { fanOut } from "../catalog/fan-out.js";
import type { MemberAnswer } from "../groups/group-rpc.js";
import type { IncarnationOffset } from "../groups/group-store.js";
import { EdgelogError, unwrap } from "../protocol/errors.js";
import type {
  CommitRequest,
  HeartbeatInput,
  JoinRequest,
  ResetRequest,
} from "../protocol/group-request.js";
import { CATALOG_FANOUT_MAX } from "../protocol/limits.js";
import type {
  DescribedGroupOffset,
  OffsetCommit,
  GroupDescription as PublicGroupDescription,
} from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { partitionOffsets } from "./fetch.js";
import { groupLag } from "./group-offsets.js";
import { withLagSeconds } from "./lag-seconds.js";
import { partitionOf } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

/** `host`: the caller's address as the gateway saw it, or null. */
export async function joinGroup(
  cluster: Cluster,
  groupId: string,
  request: JoinRequest,
  host: string | null,
): Promise<Omit<MemberAnswer, "ok">> {
  const join = { groupId, ...request, host };
  const { ok: _, ...answer } = unwrap(await cluster.group(groupId).join(join));
  return answer;
}

export async function heartbeat(
  cluster: Cluster,
  groupId: string,
  memberId: string,
  input: HeartbeatInput,
): Promise<Omit<MemberAnswer, "ok" | "memberId">> {
  const result = unwrap(await cluster.group(groupId).heartbeat(groupId, memberId, input));
  return {
    memberEpoch: result.memberEpoch,
    assignment: result.assignment,
    heartbeatIntervalMs: result.heartbeatIntervalMs,
  };
}

export async function leaveGroup(cluster: Cluster, groupId: string, memberId: string) {
  unwrap(await cluster.group(groupId).leave(groupId, memberId));
}

/**
 * Every committed partition must exist (TOPIC_NOT_FOUND / PARTITION_NOT_FOUND otherwise); each
 * offset is stamped with the topic incarnation it is committed in.
 */
export async function inCurrentIncarnation(
  cluster: Cluster,
  cache: MetadataCache,
  offsets: OffsetCommit[],
): Promise<IncarnationOffset[]> {
  const stamped: IncarnationOffset[] = [];
  for (const o of offsets) {
    const { topic } = await partitionOf(cluster, cache, o.topic, o.partition);
    stamped.push({ ...o, topicId: topic.topicId });
  }
  return stamped;
}

export async function commitOffsets(
  cluster: Cluster,
  cache: MetadataCache,
  groupId: string,
  request: CommitRequest,
): Promise<{ committed: number }> {
  const offsets = await inCurrentIncarnation(cluster, cache, request.offsets);
  unwrap(await cluster.group(groupId).commit({ groupId, ...request, offsets }));
  return { committed: request.offsets.length };
}

export async function groupOffsets(cluster: Cluster, cache: MetadataCache, groupId: string) {
  const description = unwrap(await cluster.group(groupId).describe(groupId));
  return { offsets: await groupLag(cluster, cache, description) };
}

export async function describeGroup(
  cluster: Cluster,
  cache: MetadataCache,
  groupId: string,
): Promise<PublicGroupDescription> {
  const description = unwrap(await cluster.group(groupId).describe(groupId));
  const rows = await groupLag(cluster, cache, description);
  const { ok: _, ...rest } = description;
  return { ...rest, offsets: await withLagSeconds(cluster, cache, rows, Date.now()) };
}

/** The groups `visible` admits (the caller's own), each described. */
export async function listGroups(cluster: Cluster, visible: (groupId: string) => boolean) {
  const { groups } = await cluster.catalog.listGroups();
  const described = await fanOut(groups.filter(visible), CATALOG_FANOUT_MAX, async (groupId) => {
    const result = await cluster.group(groupId).describe(groupId);
    if (!result.ok) return null;
    const members = result.members.length;
    if (result.groupType === "classic") {
      const { groupType, protocolType, state, generationId } = result;
      return { groupId, groupType, protocolType, state, generationId, members };
    }
    const { groupType, state, groupEpoch } = result;
    return { groupId, groupType, state, groupEpoch, members };
  });
  return { groups: described.filter((g) => g !== null) };
}

export async function deleteGroup(cluster: Cluster, groupId: string) {
  unwrap(await cluster.group(groupId).deleteGroup(groupId));
}

/** Writes an offset for every partition of the topic; the coordinator refuses unless empty. */
export async function resetOffsets(
  cluster: Cluster,
  cache: MetadataCache,
  groupId: string,
  request: ResetRequest,
): Promise<{ offsets: OffsetCommit[] }> {
  const topic = await cache.get(cluster.catalog, request.topic);
  const offsets = await fanOut(topic.partitions, CATALOG_FANOUT_MAX, async ({ partition }) => {
    const timestamp =
      typeof request.to === "object" && "timestamp" in request.to ? request.to.timestamp : null;
    const o = await partitionOffsets(cluster, cache, topic.name, partition, timestamp);
    let offset: number;
    if (request.to === "earliest") offset = o.logStartOffset;
    else if (request.to === "latest") offset = o.highWatermark;
    else if ("timestamp" in request.to) offset = o.offset ?? o.highWatermark;
    // An explicit offset is clamped into the log, as Kafka's reset tool does.
    else offset = Math.min(Math.max(request.to.offset, o.logStartOffset), o.highWatermark);
    return { topic: topic.name, partition, offset, metadata: "", topicId: topic.topicId };
  });
  const result = await cluster.group(groupId).resetOffsets(groupId, offsets);
  if (!result.ok) throw EdgelogError.fromBody(result.error);
  return { offsets: offsets.map(({ topicId: _, ...o }) => o) };
}
