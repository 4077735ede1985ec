// Finding a partition's leader replica and calling it, with the gateway's error rules: an
// unreachable object is UNAVAILABLE (retriable), a fenced or stale answer refreshes metadata.
import type { PartitionReplicaRpc } from "../log/partition-rpc.js";
import { EdgelogError, type Failure } from "../protocol/errors.js";
import type { PartitionAssignment, TopicMetadata } from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import type { MetadataCache } from "./metadata-cache.js";

export interface LeaderRef {
  topic: TopicMetadata;
  assignment: PartitionAssignment;
  replica: PartitionReplicaRpc;
}

/** The leader of `partition`; re-reads metadata once before answering PARTITION_NOT_FOUND. */
export async function leaderOf(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
): Promise<LeaderRef> {
  let topic = await cache.get(cluster.catalog, topicName);
  if (partition >= topic.partitions.length) {
    // The partition count may have grown since this isolate cached the topic.
    cache.invalidate(topicName);
    topic = await cache.get(cluster.catalog, topicName);
  }
  const assignment = topic.partitions[partition];
  if (assignment === undefined) {
    throw new EdgelogError(
      "PARTITION_NOT_FOUND",
      `topic ${topicName} has no partition ${partition}`,
      {
        topic: topicName,
        partition,
        partitions: topic.partitions.length,
      },
    );
  }
  const replica = cluster.replica(topicName, partition, assignment.leader);
  return { topic, assignment, replica };
}

/** Calls a replica and returns its success value; throws its failure as an EdgelogError. */
export async function callReplica<T extends { ok: true }>(
  cache: MetadataCache,
  leader: LeaderRef,
  call: (replica: PartitionReplicaRpc) => Promise<T | Failure>,
): Promise<T> {
  let result: T | Failure;
  try {
    result = await call(leader.replica);
  } catch (err) {
    cache.invalidate(leader.topic.name);
    throw new EdgelogError(
      "UNAVAILABLE",
      `partition ${leader.assignment.partition} is unavailable`,
      {
        cause: err instanceof Error ? err.message : String(err),
      },
    );
  }
  if (result.ok) return result;
  if (result.error.code === "TOPIC_NOT_FOUND" || result.error.code === "NOT_LEADER") {
    cache.invalidate(leader.topic.name);
  }
  throw EdgelogError.fromBody(result.error);
}
