// Share groups as the routes see them (design/delivery.md): each group is one object that holds
// its config and delivery state; here its answers are unwrapped, and a group id that names a
// consumer group is told apart from one that names nothing.
import { fanOut } from "../catalog/fan-out.js";
import { EdgelogError, type Failure } from "../protocol/errors.js";
import { CATALOG_FANOUT_MAX } from "../protocol/limits.js";
import type {
  AckResult,
  ShareAck,
  ShareGroupConfig,
  ShareGroupDescription,
  ShareRecordsAnswer,
  ShareRecordsRequest,
} from "../protocol/share-group-request.js";
import type { Cluster } from "./cluster.js";

/** 201 with the config when the group is new, 200 when it changed. */
export async function putShareGroup(
  cluster: Cluster,
  groupId: string,
  config: ShareGroupConfig,
): Promise<{ status: 200 | 201; config: ShareGroupConfig }> {
  const result = await cluster.shareGroup(groupId).configure(groupId, config);
  if (!result.ok) throw await shareGroupError(cluster, groupId, result);
  return { status: result.created ? 201 : 200, config: result.config };
}

export async function describeShareGroup(
  cluster: Cluster,
  groupId: string,
): Promise<ShareGroupDescription> {
  const result = await cluster.shareGroup(groupId).describe(groupId);
  if (!result.ok) throw await shareGroupError(cluster, groupId, result);
  const { ok: _, ...description } = result;
  return description;
}

export async function shareGroupConfig(
  cluster: Cluster,
  groupId: string,
): Promise<ShareGroupConfig> {
  const result = await cluster.shareGroup(groupId).config(groupId);
  if (!result.ok) throw await shareGroupError(cluster, groupId, result);
  return result.config;
}

/** The share groups `visible` admits (the caller's own), each with its topics and lag. */
export async function listShareGroups(cluster: Cluster, visible: (groupId: string) => boolean) {
  const { groups } = await cluster.catalog.listGroups("share");
  const described = await fanOut(groups.filter(visible), CATALOG_FANOUT_MAX, async (groupId) => {
    const result = await cluster.shareGroup(groupId).describe(groupId);
    if (!result.ok) return null;
    return { groupId, topics: result.config.topics, lagRecords: result.lagRecords };
  });
  return { groups: described.filter((g) => g !== null) };
}

export async function leaseRecords(
  cluster: Cluster,
  groupId: string,
  request: ShareRecordsRequest,
): Promise<ShareRecordsAnswer> {
  const result = await cluster.shareGroup(groupId).records(groupId, request);
  if (!result.ok) throw await shareGroupError(cluster, groupId, result);
  return { records: result.records, leaseExpiresAt: result.leaseExpiresAt };
}

export async function ackRecords(
  cluster: Cluster,
  groupId: string,
  acks: ShareAck[],
): Promise<{ results: AckResult[] }> {
  const result = await cluster.shareGroup(groupId).acks(groupId, acks);
  if (!result.ok) throw await shareGroupError(cluster, groupId, result);
  return { results: result.results };
}

export async function deleteShareGroup(cluster: Cluster, groupId: string): Promise<void> {
  const result = await cluster.shareGroup(groupId).deleteGroup(groupId);
  if (!result.ok) throw await shareGroupError(cluster, groupId, result);
}

/** GROUP_NOT_FOUND for a name a consumer group holds is GROUP_PROTOCOL_MISMATCH instead. */
async function shareGroupError(
  cluster: Cluster,
  groupId: string,
  failure: Failure,
): Promise<EdgelogError> {
  if (failure.error.code === "GROUP_NOT_FOUND") {
    const { protocol } = await cluster.catalog.groupProtocol(groupId);
    if (protocol === "consumer") {
      return new EdgelogError(
        "GROUP_PROTOCOL_MISMATCH",
        `group ${groupId} is a consumer group, not a share group`,
        { group: groupId, protocol },
      );
    }
  }
  return EdgelogError.fromBody(failure.error);
}
