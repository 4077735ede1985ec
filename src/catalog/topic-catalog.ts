// The catalog's rules: topic lifecycle, partition placement and leadership. Mutations run one at
// a time (they span awaits on replica objects); reads answer from SQLite immediately.
import type { PartitionReplicaRpc } from "../log/partition-rpc.js";
import { EdgelogError } from "../protocol/errors.js";
import { CATALOG_FANOUT_MAX, TOPICS_MAX } from "../protocol/limits.js";
import {
  type AlterTopicRequest,
  applyAlter,
  type CreateTopicRequest,
} from "../protocol/topic-request.js";
import type { PartitionAssignment, TopicMetadata } from "../protocol/types.js";
import { fanOut } from "./fan-out.js";
import type { TopicStore } from "./topic-store.js";

export type ReplicaLocator = (
  topic: string,
  partition: number,
  replica: number,
  locationHint?: string,
) => PartitionReplicaRpc;

/**
 * Replication across replica objects is not served yet: every partition has one replica, its
 * leader. The data model already carries replicas, leader epoch and ISR.
 */
const REPLICATION_FACTOR_SERVED_MAX = 1;

export class TopicCatalog {
  private mutations: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: TopicStore,
    private readonly replica: ReplicaLocator,
  ) {}

  get(name: string): TopicMetadata {
    const topic = this.store.get(name);
    if (topic === null) throw topicNotFound(name);
    return topic;
  }

  list(): TopicMetadata[] {
    return this.store.list();
  }

  create(request: CreateTopicRequest): Promise<TopicMetadata> {
    return this.serially(async () => {
      if (this.store.get(request.name) !== null) {
        throw new EdgelogError("TOPIC_EXISTS", `topic ${request.name} already exists`);
      }
      if (this.store.count() >= TOPICS_MAX) {
        throw new EdgelogError("INVALID_REQUEST", `at most ${TOPICS_MAX} topics`, {
          topicsMax: TOPICS_MAX,
        });
      }
      if (request.config.replicationFactor > REPLICATION_FACTOR_SERVED_MAX) {
        throw new EdgelogError(
          "INVALID_REQUEST",
          `this version serves replicationFactor up to ${REPLICATION_FACTOR_SERVED_MAX}`,
          { replicationFactorMax: REPLICATION_FACTOR_SERVED_MAX },
        );
      }
      const topic: TopicMetadata = {
        name: request.name,
        topicId: crypto.randomUUID(),
        createdAt: Date.now(),
        config: request.config,
        partitions: [],
      };
      topic.partitions = range(request.partitions).map((p) => newPartition(topic, p));
      await this.initReplicas(topic, topic.partitions);
      this.store.put(topic);
      return topic;
    });
  }

  alter(name: string, alter: AlterTopicRequest): Promise<TopicMetadata> {
    return this.serially(async () => {
      const current = this.get(name);
      const count = current.partitions.length;
      if (alter.partitions !== undefined && alter.partitions < count) {
        throw new EdgelogError("INVALID_REQUEST", `partitions can only grow (now ${count})`, {
          partitions: count,
        });
      }
      const next: TopicMetadata = { ...current, config: applyAlter(current.config, alter) };
      const added = range(alter.partitions ?? count)
        .slice(count)
        .map((p) => newPartition(next, p));
      next.partitions = [...current.partitions, ...added];
      // Every replica gets the new config; new ones are created by the same call.
      await this.initReplicas(next, next.partitions);
      this.store.put(next);
      return next;
    });
  }

  delete(name: string): Promise<void> {
    return this.serially(async () => {
      const topic = this.get(name);
      this.store.delete(name);
      // The topic is gone once its row is; wiping replicas frees their storage. A replica that
      // misses this is still fenced by topic id and wiped when the name is reused.
      await fanOut(replicaSlots(topic.partitions), CATALOG_FANOUT_MAX, ([p, r]) =>
        this.replica(name, p, r)
          .drop(topic.topicId)
          .catch(() => ({ ok: true })),
      );
    });
  }

  private async initReplicas(topic: TopicMetadata, partitions: PartitionAssignment[]) {
    try {
      await fanOut(replicaSlots(partitions), CATALOG_FANOUT_MAX, ([p, r]) =>
        this.replica(topic.name, p, r, topic.config.placement?.[r]).init({
          topicId: topic.topicId,
          topic: topic.name,
          partition: p,
          replica: r,
          config: topic.config,
        }),
      );
    } catch (err) {
      throw new EdgelogError("UNAVAILABLE", "could not reach every replica; nothing was changed", {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(operation, operation);
    this.mutations = run.catch(() => undefined);
    return run;
  }
}

function newPartition(topic: TopicMetadata, partition: number): PartitionAssignment {
  const replicas = range(topic.config.replicationFactor);
  return { partition, leader: 0, leaderEpoch: 0, replicas, isr: [...replicas] };
}

function replicaSlots(partitions: PartitionAssignment[]): Array<[number, number]> {
  return partitions.flatMap((p) => p.replicas.map((r): [number, number] => [p.partition, r]));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function topicNotFound(name: string): EdgelogError {
  return new EdgelogError("TOPIC_NOT_FOUND", `topic ${name} does not exist`, { topic: name });
}
