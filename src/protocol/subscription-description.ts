// What GET /v1/topics/:t/subscriptions/:name answers (design/delivery.md), shared by the server
// and the SDK.
import type { PublicSubscriptionConfig } from "./subscription-config.js";

export type SubscriptionState = "active" | "paused" | "failing";

export interface SubscriptionPartitionView {
  partition: number;
  /** The next offset to deliver. */
  deliveredOffset: number;
  /** null when the partition's leader could not be reached just now. */
  highWatermark: number | null;
  lagRecords: number | null;
  /** Failed attempts at the batch in flight. */
  attempts: number;
  lastError?: string;
}

export interface SubscriptionDescription {
  name: string;
  topic: string;
  config: PublicSubscriptionConfig;
  state: SubscriptionState;
  partitions: SubscriptionPartitionView[];
  /** Records delivered (answered 2xx) and records dead-lettered, since creation. */
  delivered: number;
  deadLettered: number;
}
