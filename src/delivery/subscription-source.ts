// How a push subscription reaches partitions: its topic's and the dead-letter topic's leaders,
// found through the catalog and cached in the object; an unreachable leader is reported to the
// catalog (which elects another, and then wakes this subscription: append-watches.ts). Calls do
// not retry here: a failure comes back, and the subscription retries on its own schedule.
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import { encodeBatch } from "../log/encoded-batch.js";
import type {
  AppendOk,
  OffsetsOk,
  PartitionReplicaRpc,
  ReadOk,
  WatchOk,
} from "../log/partition-rpc.js";
import { encodeRecord } from "../log/record-codec.js";
import type { WatcherRef } from "../log/watch-store.js";
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import type { PartitionAssignment, ProduceRecord, TopicMetadata } from "../protocol/types.js";

export interface SubscriptionCluster {
  catalog: Pick<
    CatalogRpc,
    "getTopic" | "failover" | "watchTopic" | "unwatchTopic" | "initProducer"
  >;
  replica(topic: string, partition: number, replica: number): PartitionReplicaRpc;
}

type LeaderCall<T> = (
  replica: PartitionReplicaRpc,
  topic: TopicMetadata,
  assignment: PartitionAssignment,
) => Promise<T | Failure>;

export class SubscriptionSource {
  private readonly topics = new Map<string, TopicMetadata>();

  constructor(readonly cluster: SubscriptionCluster) {}

  /** The topic's metadata, cached until a call fails; throws TOPIC_NOT_FOUND. */
  async topic(name: string): Promise<TopicMetadata> {
    const cached = this.topics.get(name);
    if (cached !== undefined) return cached;
    const result = await this.cluster.catalog.getTopic(name);
    if (!result.ok) throw EdgelogError.fromBody(result.error);
    this.topics.set(name, result.topic);
    return result.topic;
  }

  forget(name: string): void {
    this.topics.delete(name);
  }

  read(topic: string, partition: number, offset: number, maxRecords: number, maxBytes: number) {
    return this.onLeader<ReadOk>(topic, partition, (replica, meta) =>
      replica.read({ topicId: meta.topicId, offset, maxRecords, maxBytes, waitMs: 0 }),
    );
  }

  offsets(topic: string, partition: number) {
    return this.onLeader<OffsetsOk>(topic, partition, (replica, meta) =>
      replica.offsets(meta.topicId, null),
    );
  }

  watch(topic: string, partition: number, offset: number, watcher: WatcherRef) {
    return this.onLeader<WatchOk>(topic, partition, (replica, meta, assignment) =>
      replica.watch({
        topicId: meta.topicId,
        leaderEpoch: assignment.leaderEpoch,
        watcher,
        offset,
      }),
    );
  }

  /** Appends `records` to one partition, as one idempotent producer batch (acks=all). */
  append(
    topic: string,
    partition: number,
    records: ProduceRecord[],
    producer: { id: string; epoch: number; sequence: number },
  ) {
    return this.onLeader<AppendOk>(topic, partition, async (replica, meta, assignment) => {
      let batch: ReturnType<typeof encodeBatch>;
      try {
        const encoded = records.map((record, i) => encodeRecord(record, i));
        batch = encodeBatch(
          records,
          encoded,
          records.map((_, i) => i),
        );
      } catch (err) {
        if (err instanceof EdgelogError) return err.toFailure();
        throw err;
      }
      return replica.append({
        topicId: meta.topicId,
        leaderEpoch: assignment.leaderEpoch,
        acks: "all",
        batch,
        producer,
      });
    });
  }

  private async onLeader<T extends { ok: true }>(
    topicName: string,
    partition: number,
    call: LeaderCall<T>,
  ): Promise<T | Failure> {
    let topic: TopicMetadata;
    try {
      topic = await this.topic(topicName);
    } catch (err) {
      if (err instanceof EdgelogError) return err.toFailure();
      return fail("UNAVAILABLE", "the catalog could not be reached");
    }
    const assignment = topic.partitions[partition];
    if (assignment === undefined) {
      this.forget(topicName);
      return fail("PARTITION_NOT_FOUND", `topic ${topicName} has no partition ${partition}`);
    }
    let result: T | Failure;
    let unreachable = false;
    try {
      result = await call(
        this.cluster.replica(topicName, partition, assignment.leader),
        topic,
        assignment,
      );
    } catch (err) {
      unreachable = true;
      result = fail("UNAVAILABLE", `partition ${partition} is unavailable`, {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    if (result.ok) return result;
    this.forget(topicName);
    if (unreachable || (result.error.code === "UNAVAILABLE" && result.retrySafe === true)) {
      // The catalog checks the leader itself before it elects another.
      await this.cluster.catalog
        .failover(topicName, partition, assignment.leaderEpoch)
        .catch(() => undefined);
    }
    return result;
  }
}
