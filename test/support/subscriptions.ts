// Helpers for push-subscription tests: paths and descriptions over the HTTP API.
import type { Api } from "./api.js";

export interface SubscriptionDescription {
  name: string;
  topic: string;
  state: string;
  config: Record<string, unknown>;
  delivered: number;
  deadLettered: number;
  partitions: Array<{
    partition: number;
    deliveredOffset: number;
    highWatermark: number | null;
    lagRecords: number | null;
    attempts: number;
    lastError?: string;
  }>;
}

export function subscriptionPath(topic: string, name: string): string {
  return `/v1/topics/${topic}/subscriptions/${name}`;
}

export async function describeSubscription(
  api: Api,
  topic: string,
  name: string,
): Promise<SubscriptionDescription> {
  const answer = await api.request<SubscriptionDescription>("GET", subscriptionPath(topic, name));
  if (answer.status !== 200) throw new Error(`GET answered ${answer.status}`);
  return answer.body;
}
