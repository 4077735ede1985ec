// How core services reach the objects: the catalog, and partition replicas by position.
// The worker implements this over Durable Object bindings; src/ never sees a binding type.
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import type { ShareGroupRpc } from "../delivery/share-group-rpc.js";
import type { SubscriptionRpc } from "../delivery/subscription-rpc.js";
import type { GroupCoordinatorRpc } from "../groups/group-rpc.js";
import type { PartitionReplicaRpc } from "../log/partition-rpc.js";
import type { QueryProcessorRpc } from "../sql/processor-rpc.js";
import type { QueryRegistryRpc } from "../sql/query-registry.js";
import type { DeliveryInboxRpc } from "../webhooks/delivery-inbox.js";

export interface Cluster {
  catalog: CatalogRpc;
  replica(topic: string, partition: number, replica: number): PartitionReplicaRpc;
  /** The webhook delivery inbox of `topic` (redelivery dedupe). */
  inbox(topic: string): DeliveryInboxRpc;
  /** The coordinator object of consumer group `groupId`. */
  group(groupId: string): GroupCoordinatorRpc;
  /** The registry of persistent stream SQL queries. */
  readonly queries: QueryRegistryRpc;
  /** A query processor object, by name (`query/<id>/<stage>/<partition>`). */
  processor(name: string): QueryProcessorRpc;
  /** The object of share group `groupId`. */
  shareGroup(groupId: string): ShareGroupRpc;
  /** The object of push subscription `name` on `topic`. */
  subscription(topic: string, name: string): SubscriptionRpc;
  /** Keeps work alive after the response is sent (acks=0). */
  waitUntil(work: Promise<unknown>): void;
}
