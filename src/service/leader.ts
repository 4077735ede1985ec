// Calling a partition's replicas with the gateway's error rules (DESIGN.md §3): follow leader
// changes and failovers for up to FAILOVER_MS_MAX, retry only what is safe to retry, and turn an
// unreachable object into UNAVAILABLE.
import type { PartitionReplicaRpc } from "../log/partition-rpc.js";
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import {
  FAILOVER_BACKOFF_MS_MAX,
  FAILOVER_BACKOFF_MS_MIN,
  FAILOVER_MS_MAX,
} from "../protocol/limits.js";
import type { PartitionAssignment, TopicMetadata } from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import type { MetadataCache } from "./metadata-cache.js";
import { nearestReplica } from "./nearest-replica.js";

export interface ReplicaRef {
  topic: TopicMetadata;
  assignment: PartitionAssignment;
  replica: PartitionReplicaRpc;
}

/**
 * Which replica serves a read: the leader, replica `n`, or the nearest in-sync one to a reader
 * on `continent` (KIP-392 style).
 */
export type ReplicaChoice = "leader" | number | { nearest: string | undefined };

/** The partition's assignment; re-reads metadata once before answering PARTITION_NOT_FOUND. */
export async function partitionOf(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
): Promise<{ topic: TopicMetadata; assignment: PartitionAssignment }> {
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
  return { topic, assignment };
}

export interface CallOptions {
  /**
   * Retry after a failure whose effect is unknown (the object failed mid-call). True for reads;
   * false for produce, where a retry could append twice.
   */
  retryUnknown: boolean;
}

/**
 * Calls the partition's leader and returns its answer. Follows NOT_LEADER and failovers until
 * FAILOVER_MS_MAX; a Failure is returned, not thrown, so produce can answer per partition.
 */
export async function callLeader<T extends { ok: true }>(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
  call: (ref: ReplicaRef) => Promise<T | Failure>,
  options: CallOptions,
): Promise<T | Failure> {
  const deadline = Date.now() + FAILOVER_MS_MAX;
  let backoffMs = FAILOVER_BACKOFF_MS_MIN;
  for (;;) {
    const { topic, assignment } = await partitionOf(cluster, cache, topicName, partition);
    const ref = {
      topic,
      assignment,
      replica: cluster.replica(topicName, partition, assignment.leader),
    };
    let result: T | Failure;
    let unknown = false;
    try {
      result = await call(ref);
    } catch (err) {
      unknown = true;
      result = fail("UNAVAILABLE", `partition ${partition} is unavailable`, {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    if (result.ok) return result;
    if (result.error.code === "TOPIC_NOT_FOUND") cache.invalidate(topicName);
    if (!unknown && !result.retrySafe) return result;
    if (result.error.code === "NOT_LEADER") {
      cache.invalidate(topicName);
    } else if (!(await failover(cluster, cache, ref))) {
      return result; // no in-sync replica can take over: UNAVAILABLE now
    }
    if ((unknown && !options.retryUnknown) || Date.now() + backoffMs >= deadline) {
      return { ok: false, error: result.error };
    }
    await new Promise((resolve) => setTimeout(resolve, backoffMs));
    backoffMs = Math.min(backoffMs * 2, FAILOVER_BACKOFF_MS_MAX);
  }
}

/** Asks the catalog to replace an unreachable leader; false when nobody can take over. */
async function failover(cluster: Cluster, cache: MetadataCache, ref: ReplicaRef): Promise<boolean> {
  try {
    const result = await cluster.catalog.failover(
      ref.topic.name,
      ref.assignment.partition,
      ref.assignment.leaderEpoch,
    );
    if (!result.ok) {
      cache.invalidate(ref.topic.name);
      return result.error.code !== "UNAVAILABLE";
    }
    cache.put(result.topic);
    return true;
  } catch {
    cache.invalidate(ref.topic.name);
    return true;
  }
}

/** Calls the chosen replica for a read; the leader path follows failovers. Throws failures. */
export async function callForRead<T extends { ok: true }>(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
  choice: ReplicaChoice,
  call: (ref: ReplicaRef) => Promise<T | Failure>,
): Promise<T> {
  if (typeof choice === "object") {
    const { topic, assignment } = await partitionOf(cluster, cache, topicName, partition);
    const replica = nearestReplica(assignment, topic.config, choice.nearest);
    choice = replica === assignment.leader ? "leader" : replica;
  }
  if (choice !== "leader") {
    const { topic, assignment } = await partitionOf(cluster, cache, topicName, partition);
    if (!assignment.replicas.includes(choice)) {
      throw new EdgelogError("INVALID_REQUEST", `partition ${partition} has no replica ${choice}`, {
        replicas: assignment.replicas,
      });
    }
    const ref = { topic, assignment, replica: cluster.replica(topicName, partition, choice) };
    let result: T | Failure;
    try {
      result = await call(ref);
    } catch (err) {
      throw new EdgelogError("UNAVAILABLE", `replica ${choice} is unavailable`, {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    if (!result.ok) throw EdgelogError.fromBody(result.error);
    return result;
  }
  const result = await callLeader(cluster, cache, topicName, partition, call, {
    retryUnknown: true,
  });
  if (!result.ok) throw EdgelogError.fromBody(result.error);
  return result;
}
