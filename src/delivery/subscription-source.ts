// How a push subscription reaches partitions: its topic's and the dead-letter topic's leaders,
// through LeaderClient (cached metadata, failover on an unreachable leader, failures as values).
// After a failover the catalog wakes this subscription (append-watches.ts), which retries.
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
import { EdgelogError } from "../protocol/errors.js";
import type { ProduceRecord } from "../protocol/types.js";
import { LeaderClient } from "./leader-client.js";

export interface SubscriptionCluster {
  catalog: Pick<
    CatalogRpc,
    "getTopic" | "failover" | "watchTopic" | "unwatchTopic" | "initProducer"
  >;
  replica(topic: string, partition: number, replica: number): PartitionReplicaRpc;
}

export class SubscriptionSource extends LeaderClient {
  constructor(
    readonly cluster: SubscriptionCluster,
    now: () => number,
  ) {
    super({
      catalog: () => cluster.catalog,
      replica: (topic, partition, replica) => cluster.replica(topic, partition, replica),
      now,
    });
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
}
