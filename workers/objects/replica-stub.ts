// Addressing partition replica objects: one name per replica, `<topic>/<partition>/<replica>`.
import type { PartitionReplicaRpc } from "../../src/log/partition-rpc.js";
import type { Env } from "../env.js";

export function replicaName(topic: string, partition: number, replica: number): string {
  return `${topic}/${partition}/${replica}`;
}

/**
 * The replica's stub. `locationHint` only matters on the object's first creation (Cloudflare
 * places it near the hint); it is ignored locally.
 */
export function replicaStub(
  env: Env,
  topic: string,
  partition: number,
  replica: number,
  locationHint?: string,
): PartitionReplicaRpc {
  const options =
    locationHint === undefined
      ? undefined
      : { locationHint: locationHint as DurableObjectLocationHint };
  const stub = env.PARTITIONS.getByName(replicaName(topic, partition, replica), options);
  // The class implements PartitionReplicaRpc; RPC stubs mirror its methods as promises.
  return stub as unknown as PartitionReplicaRpc;
}
