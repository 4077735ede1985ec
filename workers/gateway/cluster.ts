// The cluster handle routes pass to src/service, over the worker's Durable Object bindings. A
// class, not an object of closures, and the catalog's stub made only when a request needs it:
// this runs for every request, and produce and fetch find topic metadata in the isolate's cache.
import { subscriptionObjectName } from "../../src/delivery/subscription-node.js";
import type { Cluster } from "../../src/service/cluster.js";
import { CATALOG_NAME } from "../objects/catalog-name.js";
import { replicaStub } from "../objects/replica-stub.js";
import type { AppContext } from "./context.js";

// The objects' RPC types as service/ sees them (the gateway reaches objects only through it).
type CatalogRpc = Cluster["catalog"];
type PartitionReplicaRpc = ReturnType<Cluster["replica"]>;
type GroupCoordinatorRpc = ReturnType<Cluster["group"]>;
type DeliveryInboxRpc = ReturnType<Cluster["inbox"]>;
type QueryRegistryRpc = Cluster["queries"];
type QueryProcessorRpc = ReturnType<Cluster["processor"]>;
type ShareGroupRpc = ReturnType<Cluster["shareGroup"]>;
type SubscriptionRpc = ReturnType<Cluster["subscription"]>;

export class BindingCluster implements Cluster {
  private catalogStub: CatalogRpc | null = null;

  constructor(private readonly c: AppContext) {}

  get catalog(): CatalogRpc {
    this.catalogStub ??= this.c.env.CATALOG.getByName(CATALOG_NAME);
    return this.catalogStub;
  }

  replica(topic: string, partition: number, replica: number): PartitionReplicaRpc {
    return replicaStub(this.c.env, topic, partition, replica);
  }

  group(groupId: string): GroupCoordinatorRpc {
    return this.c.env.GROUPS.getByName(`group/${groupId}`);
  }

  inbox(topic: string): DeliveryInboxRpc {
    return this.c.env.WEBHOOKS.getByName(`webhook/${topic}`);
  }

  get queries(): QueryRegistryRpc {
    // The plan inside a query record is a recursive JSON type, past what the stub's mapped
    // types can unfold; the object's class implements QueryRegistryRpc, checked there.
    return this.c.env.QUERIES.getByName("queries") as unknown as QueryRegistryRpc;
  }

  processor(name: string): QueryProcessorRpc {
    return this.c.env.PROCESSORS.getByName(name) as unknown as QueryProcessorRpc;
  }

  shareGroup(groupId: string): ShareGroupRpc {
    return this.c.env.SHARE_GROUPS.getByName(`share/${groupId}`);
  }

  subscription(topic: string, name: string): SubscriptionRpc {
    return this.c.env.SUBSCRIPTIONS.getByName(subscriptionObjectName(topic, name));
  }

  waitUntil(work: Promise<unknown>): void {
    this.c.executionCtx.waitUntil(work);
  }
}
