// What the catalog object answers over Workers RPC; failures are values (see errors.ts).
import type { StoredToken } from "../auth/token-store.js";
import type { WatcherRef } from "../log/watch-store.js";
import type { Failure } from "../protocol/errors.js";
import type { AlterTopicRequest, CreateTopicRequest } from "../protocol/topic-request.js";
import type { TrackConfig } from "../protocol/track-config.js";
import type { GroupProtocol, TopicMetadata } from "../protocol/types.js";
import type { WebhookConfig } from "../protocol/webhook-config.js";
import type { IsrChange } from "./partition-leadership.js";

export type TopicResult = { ok: true; topic: TopicMetadata } | Failure;

export interface CatalogRpc {
  createTopic(request: CreateTopicRequest): Promise<TopicResult>;
  alterTopic(name: string, request: AlterTopicRequest): Promise<TopicResult>;
  deleteTopic(name: string): Promise<{ ok: true } | Failure>;
  getTopic(name: string): Promise<TopicResult>;
  listTopics(): Promise<{ ok: true; topics: TopicMetadata[] }>;
  /** A leader commits an ISR change for its epoch; NOT_LEADER when the epoch is stale. */
  alterIsr(change: IsrChange): Promise<{ ok: true } | Failure>;
  /** The leader of `leaderEpoch` could not be reached: elect another if it is really gone. */
  failover(topic: string, partition: number, leaderEpoch: number): Promise<TopicResult>;
  /** A topic's activity-tracking config (TOPIC_NOT_FOUND without the topic). */
  setTracker(
    topic: string,
    origins: string[],
    dedupeWindowSec: number,
    rotateKey: boolean,
  ): Promise<{ ok: true; config: TrackConfig } | Failure>;
  getTracker(topic: string): Promise<{ ok: true; config: TrackConfig | null } | Failure>;
  /** A topic's webhook config (TOPIC_NOT_FOUND without the topic); null when none is set. */
  setWebhook(topic: string, config: WebhookConfig): Promise<{ ok: true } | Failure>;
  getWebhook(topic: string): Promise<{ ok: true; config: WebhookConfig | null } | Failure>;
  /** An idempotent producer's id and a new epoch, fencing the name's previous epoch. */
  initProducer(name: string): Promise<{ ok: true; id: string; epoch: number }>;
  /**
   * Consumer and share groups register here so they can be listed; a name held by the other
   * kind of group is GROUP_PROTOCOL_MISMATCH. `protocol` defaults to "consumer".
   */
  registerGroup(
    name: string,
    exists: boolean,
    protocol?: GroupProtocol,
  ): Promise<{ ok: true } | Failure>;
  /** Which kind of group holds `name`, or null. */
  groupProtocol(name: string): Promise<{ ok: true; protocol: GroupProtocol | null }>;
  /** Groups of one kind (consumer groups by default). */
  listGroups(protocol?: GroupProtocol): Promise<{ ok: true; groups: string[] }>;
  /** Partition counts of topics (null: no such topic), for group coordinators. */
  partitionCounts(topics: string[]): Promise<Record<string, number | null>>;
  /** Access tokens: stored with the hash of their secret; revoking deletes one. */
  createToken(token: StoredToken): Promise<{ ok: true } | Failure>;
  getToken(id: string): Promise<{ ok: true; token: StoredToken | null }>;
  listTokens(): Promise<{ ok: true; tokens: StoredToken[] }>;
  revokeToken(id: string): Promise<{ ok: true } | Failure>;
  /**
   * Registers `watcher` to be woken when the catalog elects a leader of one of the topic's
   * partitions, adds partitions or deletes the topic (append-watches.ts). TOPIC_NOT_FOUND
   * without the topic.
   */
  watchTopic(topic: string, watcher: WatcherRef): Promise<{ ok: true } | Failure>;
  unwatchTopic(topic: string, watcher: WatcherRef): Promise<{ ok: true }>;
  /** The objects registered to watch `topic` (TOPIC_NOT_FOUND without the topic). */
  topicWatchers(topic: string): Promise<{ ok: true; watchers: WatcherRef[] } | Failure>;
  /** Every watcher of one kind over all topics, with its topic (one call for a whole scrape). */
  watchersOfKind(
    kind: string,
  ): Promise<{ ok: true; watchers: Array<{ topic: string; name: string }> }>;
  /** A replica is reachable again: bring it back as a follower of the current leader. */
  replicaUp(topic: string, partition: number, replica: number): Promise<TopicResult>;
}
