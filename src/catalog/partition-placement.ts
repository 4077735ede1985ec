// Where a topic's partitions and their replicas live: the placement of a new partition, the
// assignment a replica is told, and the (partition, replica) slots the catalog calls out to.
import type { Assignment, PartitionReplicaRpc } from "../log/partition-rpc.js";
import { EdgelogError } from "../protocol/errors.js";
import type { PartitionAssignment, TopicMetadata } from "../protocol/types.js";

/** The replica object of one partition; `locationHint` places it when it is first created. */
export type ReplicaLocator = (
  topic: string,
  partition: number,
  replica: number,
  locationHint?: string,
) => PartitionReplicaRpc;

export function partitionOf(topic: TopicMetadata, partition: number): PartitionAssignment {
  const assignment = topic.partitions[partition];
  if (assignment === undefined) {
    throw new EdgelogError(
      "PARTITION_NOT_FOUND",
      `topic ${topic.name} has no partition ${partition}`,
    );
  }
  return assignment;
}

export function assignmentOf(topic: TopicMetadata, partition: number): Omit<Assignment, "replica"> {
  const p = partitionOf(topic, partition);
  return {
    topicId: topic.topicId,
    topic: topic.name,
    partition,
    config: topic.config,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    replicas: p.replicas,
    isr: p.isr,
  };
}

/** A new partition starts led by replica 0 at epoch 0, with every replica in sync. */
export function newPartition(topic: TopicMetadata, partition: number): PartitionAssignment {
  const replicas = range(topic.config.replicationFactor);
  return { partition, leader: 0, leaderEpoch: 0, replicas, isr: [...replicas] };
}

export function replicaSlots(partitions: PartitionAssignment[]): Array<[number, number]> {
  return partitions.flatMap((p) => p.replicas.map((r): [number, number] => [p.partition, r]));
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
