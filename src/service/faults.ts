// Fault injection for tests and demos: take a replica down or up, or slow every call into it.
import type { FaultInput, ReplicaStatus } from "../log/partition-rpc.js";
import { EdgelogError, unwrap } from "../protocol/errors.js";
import type { FaultRequest } from "../protocol/fault-request.js";
import type { Cluster } from "./cluster.js";
import { partitionOf } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

export async function injectFault(
  cluster: Cluster,
  cache: MetadataCache,
  request: FaultRequest,
): Promise<Omit<ReplicaStatus, "ok">> {
  const { topic, assignment } = await partitionOf(cluster, cache, request.topic, request.partition);
  if (!assignment.replicas.includes(request.replica)) {
    throw new EdgelogError("INVALID_REQUEST", `partition has no replica ${request.replica}`, {
      replicas: assignment.replicas,
    });
  }
  const fault: FaultInput =
    request.fault === "delay" ? { delayMs: request.delayMs } : { down: request.fault === "down" };
  const replica = cluster.replica(topic.name, request.partition, request.replica);
  unwrap(await replica.setFault(topic.topicId, fault));
  if (request.fault === "up") {
    // Back from the dead: learn who leads now (a stale leader steps down and truncates).
    const result = await cluster.catalog.replicaUp(topic.name, request.partition, request.replica);
    if (result.ok) cache.put(result.topic);
  }
  const { ok: _, ...status } = unwrap(await replica.setFault(topic.topicId, {}));
  return status;
}
