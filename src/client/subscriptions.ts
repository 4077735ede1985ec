// The SDK's push-subscription admin (`edgelog.subscriptions`, design/delivery.md): one method per
// route; reads are retried on retriable errors, writes sent once (a PUT is safe to repeat by
// hand: the same config answers 200).
import type { SubscriptionDescription } from "../protocol/subscription-description.js";
import type { ClientLog } from "./client-log.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

export type {
  SubscriptionDescription,
  SubscriptionPartitionView,
  SubscriptionState,
} from "../protocol/subscription-description.js";

/** A PUT body: `url` and, optionally, the rest (defaults in design/delivery.md). */
export interface SubscriptionOptions {
  url: string;
  /** Signs each delivery (`edgelog-signature`); never returned. */
  secret?: string;
  startAt?: "latest" | "earliest";
  batchMaxRecords?: number;
  batchMaxBytes?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  backoffMsMax?: number;
  deadLetterTopic?: string;
}

export class Subscriptions {
  constructor(
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    private readonly log: ClientLog,
  ) {}

  private path(topic: string, name: string, ...more: string[]): string {
    return apiPath("topics", topic, "subscriptions", name, ...more);
  }

  private read<T>(route: string): Promise<T> {
    const watch = { log: this.log, operation: `GET ${route}` };
    return withRetry(() => this.transport.request<T>("GET", route), this.retry, watch);
  }

  /** Creates the subscription, or changes its config (the same PUT either way). */
  put(topic: string, name: string, options: SubscriptionOptions): Promise<SubscriptionDescription> {
    return this.transport.request("PUT", this.path(topic, name), { body: options });
  }

  async list(topic: string): Promise<SubscriptionDescription[]> {
    const route = apiPath("topics", topic, "subscriptions");
    return (await this.read<{ subscriptions: SubscriptionDescription[] }>(route)).subscriptions;
  }

  describe(topic: string, name: string): Promise<SubscriptionDescription> {
    return this.read(this.path(topic, name));
  }

  async delete(topic: string, name: string): Promise<void> {
    await this.transport.request("DELETE", this.path(topic, name));
  }

  pause(topic: string, name: string): Promise<SubscriptionDescription> {
    return this.transport.request("POST", this.path(topic, name, "pause"));
  }

  /** Resumes; a batch waiting for a retry (a 410's included) is sent again at once. */
  resume(topic: string, name: string): Promise<SubscriptionDescription> {
    return this.transport.request("POST", this.path(topic, name, "resume"));
  }
}
