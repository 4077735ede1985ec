// How a share group reads and writes partitions: on each partition's leader through
// LeaderClient (cached metadata, failover on an unreachable leader, failures as values).
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import type { EncodedBatch } from "../log/encoded-batch.js";
import type { AppendOk, OffsetsOk, ReadOk } from "../log/partition-rpc.js";
import { LeaderClient, type LeaderDeps } from "./leader-client.js";

export interface PartitionDeps extends LeaderDeps {
  catalog(): CatalogRpc;
}

export interface ReadRange {
  offset: number;
  maxRecords: number;
  maxBytes: number;
  waitMs: number;
}

export class PartitionClient extends LeaderClient {
  /** Reads from the leader of the incarnation `topicId` (a recreated topic is TOPIC_NOT_FOUND). */
  read(topic: string, partition: number, topicId: string, range: ReadRange) {
    return this.onLeader<ReadOk>(topic, partition, (replica) =>
      replica.read({ topicId, ...range }),
    );
  }

  /** The partition's log start offset, high watermark and log end offset. */
  offsets(topic: string, partition: number, topicId: string) {
    return this.onLeader<OffsetsOk>(topic, partition, (replica) => replica.offsets(topicId, null));
  }

  /** Appends one idempotent producer batch (acks all): a retry answers its original offsets. */
  append(
    topic: string,
    partition: number,
    batch: EncodedBatch,
    producer: { id: string; epoch: number; sequence: number },
  ) {
    return this.onLeader<AppendOk>(topic, partition, (replica, meta, assignment) =>
      replica.append({
        topicId: meta.topicId,
        leaderEpoch: assignment.leaderEpoch,
        acks: "all",
        batch,
        producer,
      }),
    );
  }
}
