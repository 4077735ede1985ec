// The worker entry: the Hono gateway as default export, plus the Durable Object classes.
import { app } from "./gateway/app.js";

export { Catalog } from "./objects/catalog.js";
export { GroupCoordinator } from "./objects/group-coordinator.js";
export { PartitionReplica } from "./objects/partition-replica.js";
export { QueryProcessor } from "./objects/query-processor.js";
export { QueryRegistry } from "./objects/query-registry.js";
export { ShareGroup } from "./objects/share-group.js";
export { PushSubscription } from "./objects/subscription.js";
export { WebhookInbox } from "./objects/webhook-inbox.js";

export default app;
