// What a push subscription object answers over Workers RPC (design/delivery.md); failures are
// values. It is also woken by appends (AppendWatcherRpc).
import type { Failure } from "../protocol/errors.js";
import type {
  PublicSubscriptionConfig,
  SubscriptionConfig,
} from "../protocol/subscription-config.js";
import type { AppendWatcherRpc } from "../replication/append-watcher-rpc.js";

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

export type DescriptionResult = { ok: true; description: SubscriptionDescription } | Failure;

export interface SubscriptionRpc extends AppendWatcherRpc {
  /** Creates (created: true) or changes the subscription `name` on `topic`. */
  put(
    topic: string,
    name: string,
    config: SubscriptionConfig,
  ): Promise<{ ok: true; created: boolean; description: SubscriptionDescription } | Failure>;
  describe(): Promise<DescriptionResult>;
  remove(): Promise<{ ok: true } | Failure>;
  pause(): Promise<DescriptionResult>;
  resume(): Promise<DescriptionResult>;
}
