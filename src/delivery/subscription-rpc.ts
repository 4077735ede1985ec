// What a push subscription object answers over Workers RPC (design/delivery.md); failures are
// values. It is also woken by appends (AppendWatcherRpc).
import type { Failure } from "../protocol/errors.js";
import type { SubscriptionConfig } from "../protocol/subscription-config.js";
import type { SubscriptionDescription } from "../protocol/subscription-description.js";
import type { AppendWatcherRpc } from "../replication/append-watcher-rpc.js";

export type {
  SubscriptionDescription,
  SubscriptionPartitionView,
  SubscriptionState,
} from "../protocol/subscription-description.js";

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
