// The catalog's rules: topic lifecycle and the settings kept per topic, with partition leadership
// delegated to partition-leadership.ts. Mutations run one at a time (they span awaits on replica
// objects); reads answer from SQLite immediately.
import type { WatcherRef } from "../log/watch-store.js";
import { EdgelogError } from "../protocol/errors.js";
import { CATALOG_FANOUT_MAX, TOPICS_MAX } from "../protocol/limits.js";
import {
  type AlterTopicRequest,
  applyAlter,
  type CreateTopicRequest,
} from "../protocol/topic-request.js";
import type { TrackConfig } from "../protocol/track-config.js";
import type { GroupProtocol, PartitionAssignment, TopicMetadata } from "../protocol/types.js";
import type { WebhookConfig } from "../protocol/webhook-config.js";
import { fanOut } from "./fan-out.js";
import { type IsrChange, PartitionLeadership } from "./partition-leadership.js";
import {
  assignmentOf,
  newPartition,
  type ReplicaLocator,
  range,
  replicaSlots,
} from "./partition-placement.js";
import type { TopicStore } from "./topic-store.js";
import type { TopicWatchers } from "./topic-watchers.js";

export class TopicCatalog {
  private mutations: Promise<unknown> = Promise.resolve();
  private readonly leadership: PartitionLeadership;

  constructor(
    private readonly store: TopicStore,
    private readonly replica: ReplicaLocator,
    private readonly watchers: TopicWatchers,
  ) {
    this.leadership = new PartitionLeadership(store, replica, watchers, (name) => this.get(name));
  }

  get(name: string): TopicMetadata {
    const topic = this.store.get(name);
    if (topic === null) throw topicNotFound(name);
    return topic;
  }

  list(): TopicMetadata[] {
    return this.store.list();
  }

  /** Sets allowed origins; keeps the publishable key unless asked to rotate it. */
  setTracker(
    name: string,
    origins: string[],
    dedupeWindowSec: number,
    rotateKey: boolean,
  ): TrackConfig {
    this.get(name);
    const current = this.store.tracker(name);
    const publishableKey =
      current === null || rotateKey
        ? `pk_${crypto.randomUUID().replaceAll("-", "")}`
        : current.publishableKey;
    const config = { origins, dedupeWindowSec, publishableKey };
    this.store.setTracker(name, config);
    return config;
  }

  tracker(name: string): TrackConfig | null {
    this.get(name);
    return this.store.tracker(name);
  }

  setWebhook(name: string, config: WebhookConfig): void {
    this.get(name);
    this.store.setWebhook(name, config);
  }

  webhook(name: string): WebhookConfig | null {
    this.get(name);
    return this.store.webhook(name);
  }

  initProducer(name: string): { id: string; epoch: number } {
    return this.store.initProducer(name);
  }

  /** A group name belongs to one kind of group: the other kind is GROUP_PROTOCOL_MISMATCH. */
  registerGroup(name: string, exists: boolean, protocol: GroupProtocol): void {
    const holder = this.store.groupProtocol(name);
    if (exists && holder !== null && holder !== protocol) {
      throw new EdgelogError(
        "GROUP_PROTOCOL_MISMATCH",
        `group ${name} is a ${holder} group, not a ${protocol} group`,
        { group: name, protocol: holder },
      );
    }
    this.store.registerGroup(name, exists, protocol, Date.now());
  }

  groupProtocol(name: string): GroupProtocol | null {
    return this.store.groupProtocol(name);
  }

  groups(protocol: GroupProtocol): string[] {
    return this.store.groups(protocol);
  }

  partitionCounts(topics: string[]): Record<string, number | null> {
    return this.store.partitionCounts(topics);
  }

  /** Registers an object to wake on the topic's leader changes (topic-watchers.ts). */
  watch(name: string, watcher: WatcherRef): void {
    this.get(name);
    this.watchers.add(name, watcher);
  }

  listWatchers(name: string): WatcherRef[] {
    this.get(name);
    return this.watchers.list(name);
  }

  watchersOfKind(kind: string): Array<{ topic: string; name: string }> {
    return this.watchers.listKind(kind);
  }

  unwatch(name: string, watcher: WatcherRef): void {
    this.watchers.remove(name, watcher);
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
      const topic: TopicMetadata = {
        name: request.name,
        topicId: crypto.randomUUID(),
        createdAt: Date.now(),
        config: request.config,
        partitions: [],
        ...(request.internal === true ? { internal: true as const } : {}),
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
      this.watchers.wakeAll(
        name,
        added.map((p) => p.partition),
      );
      return next;
    });
  }

  delete(name: string): Promise<void> {
    return this.serially(async () => {
      const topic = this.get(name);
      this.store.delete(name);
      this.watchers.dropTopic(
        name,
        topic.partitions.map((p) => p.partition),
      );
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
        this.replica(topic.name, p, r, topic.config.placement?.[r])
          .init({ ...assignmentOf(topic, p), replica: r })
          .then((result) => {
            if (!result.ok) throw new Error(result.error.message);
          }),
      );
    } catch (err) {
      throw new EdgelogError("UNAVAILABLE", "could not reach every replica; nothing was changed", {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
  }

  // Leadership changes (partition-leadership.ts) queue behind topic mutations and each other.
  alterIsr(change: IsrChange): Promise<void> {
    return this.serially(() => this.leadership.alterIsr(change));
  }

  failover(name: string, partition: number, leaderEpoch: number): Promise<TopicMetadata> {
    return this.serially(() => this.leadership.failover(name, partition, leaderEpoch));
  }

  replicaUp(name: string, partition: number, replica: number): Promise<TopicMetadata> {
    return this.serially(() => this.leadership.replicaUp(name, partition, replica));
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(operation, operation);
    this.mutations = run.catch(() => undefined);
    return run;
  }
}

export function topicNotFound(name: string): EdgelogError {
  return new EdgelogError("TOPIC_NOT_FOUND", `topic ${name} does not exist`, { topic: name });
}
