// How a delivery object reads and writes partitions: straight to each partition's leader over
// RPC, with topic metadata cached briefly. Objects sit below service/ (DESIGN.md §1), so this is
// the small core of service/leader.ts's rules: NOT_LEADER refreshes metadata, an unreachable
// leader asks the catalog to fail over; the caller retries on its next request or alarm instead
// of waiting here, so no call loops.
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import type { EncodedBatch } from "../log/encoded-batch.js";
import type { AppendOk, OffsetsOk, PartitionReplicaRpc, ReadOk } from "../log/partition-rpc.js";
import { EdgelogError, type Failure, fail, unwrap } from "../protocol/errors.js";
import { METADATA_CACHE_MS } from "../protocol/limits.js";
import type { TopicMetadata } from "../protocol/types.js";

export interface PartitionDeps {
  catalog(): CatalogRpc;
  replica(topic: string, partition: number, replica: number): PartitionReplicaRpc;
  now(): number;
}

export interface ReadRange {
  offset: number;
  maxRecords: number;
  maxBytes: number;
  waitMs: number;
}

export class PartitionClient {
  private readonly topics = new Map<string, { topic: TopicMetadata; expiresAt: number }>();

  constructor(private readonly deps: PartitionDeps) {}

  /** The topic's metadata (TOPIC_NOT_FOUND thrown), cached for METADATA_CACHE_MS. */
  async topic(name: string): Promise<TopicMetadata> {
    const cached = this.topics.get(name);
    if (cached !== undefined && cached.expiresAt > this.deps.now()) return cached.topic;
    const topic = unwrap(await this.deps.catalog().getTopic(name)).topic;
    this.topics.set(name, { topic, expiresAt: this.deps.now() + METADATA_CACHE_MS });
    return topic;
  }

  /** Reads from the leader of the incarnation `topicId` (a recreated topic is TOPIC_NOT_FOUND). */
  read(topic: string, partition: number, topicId: string, range: ReadRange) {
    return this.callLeader<ReadOk>(topic, partition, (replica) =>
      replica.read({ topicId, ...range }),
    );
  }

  /** The partition's log start offset, high watermark and log end offset. */
  offsets(topic: string, partition: number, topicId: string) {
    return this.callLeader<OffsetsOk>(topic, partition, (replica) =>
      replica.offsets(topicId, null),
    );
  }

  /** Appends one idempotent producer batch (acks all): a retry answers its original offsets. */
  append(
    topic: string,
    partition: number,
    batch: EncodedBatch,
    producer: { id: string; epoch: number; sequence: number },
  ) {
    return this.callLeader<AppendOk>(topic, partition, async (replica, meta) => {
      const leaderEpoch = meta.partitions[partition]?.leaderEpoch ?? 0;
      return replica.append({ topicId: meta.topicId, leaderEpoch, acks: "all", batch, producer });
    });
  }

  private async callLeader<T extends { ok: true }>(
    topicName: string,
    partition: number,
    call: (replica: PartitionReplicaRpc, topic: TopicMetadata) => Promise<T | Failure>,
  ): Promise<T | Failure> {
    let topic: TopicMetadata;
    try {
      topic = await this.topic(topicName);
    } catch (err) {
      if (err instanceof EdgelogError) return err.toFailure();
      throw err;
    }
    const assignment = topic.partitions[partition];
    if (assignment === undefined) {
      this.topics.delete(topicName);
      return fail("PARTITION_NOT_FOUND", `topic ${topicName} has no partition ${partition}`);
    }
    let result: T | Failure;
    try {
      result = await call(this.deps.replica(topicName, partition, assignment.leader), topic);
    } catch (err) {
      // Unreachable: the catalog elects another leader if this one is really gone.
      this.topics.delete(topicName);
      await this.deps
        .catalog()
        .failover(topicName, partition, assignment.leaderEpoch)
        .catch(() => undefined);
      return fail("UNAVAILABLE", `partition ${topicName}/${partition} is unavailable`, {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    if (!result.ok && ["NOT_LEADER", "TOPIC_NOT_FOUND"].includes(result.error.code)) {
      this.topics.delete(topicName);
    }
    return result;
  }
}
