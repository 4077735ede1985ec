// Push subscriptions (design/delivery.md): each lives in its own object, `<topic>/<name>`, and
// registers with the catalog as a watcher of its topic, which is also how a topic's
// subscriptions are listed.
import { SUBSCRIPTION_KIND } from "../delivery/subscription-node.js";
import type { SubscriptionDescription } from "../delivery/subscription-rpc.js";
import { EdgelogError, unwrap } from "../protocol/errors.js";
import { SUBSCRIPTIONS_PER_TOPIC_MAX } from "../protocol/limits.js";
import type { SubscriptionConfig } from "../protocol/subscription-config.js";
import type { Cluster } from "./cluster.js";

/** The subscriptions registered on `topic`, by name; TOPIC_NOT_FOUND without the topic. */
async function subscriptionNames(cluster: Cluster, topic: string): Promise<string[]> {
  const { watchers } = unwrap(await cluster.catalog.topicWatchers(topic));
  const prefix = `${topic}/`;
  return watchers
    .filter((w) => w.kind === SUBSCRIPTION_KIND && w.name.startsWith(prefix))
    .map((w) => w.name.slice(prefix.length));
}

export async function putSubscription(
  cluster: Cluster,
  topic: string,
  name: string,
  config: SubscriptionConfig,
): Promise<{ created: boolean; description: SubscriptionDescription }> {
  const names = await subscriptionNames(cluster, topic);
  if (!names.includes(name) && names.length >= SUBSCRIPTIONS_PER_TOPIC_MAX) {
    throw new EdgelogError(
      "INVALID_REQUEST",
      `at most ${SUBSCRIPTIONS_PER_TOPIC_MAX} subscriptions a topic`,
      { subscriptionsPerTopicMax: SUBSCRIPTIONS_PER_TOPIC_MAX },
    );
  }
  const { created, description } = unwrap(
    await cluster.subscription(topic, name).put(topic, name, config),
  );
  return { created, description };
}

export async function listSubscriptions(
  cluster: Cluster,
  topic: string,
): Promise<{ subscriptions: SubscriptionDescription[] }> {
  const names = await subscriptionNames(cluster, topic);
  const found = await Promise.all(
    names.map((name) => cluster.subscription(topic, name).describe()),
  );
  // One deleted between the listing and its description is left out.
  return { subscriptions: found.flatMap((result) => (result.ok ? [result.description] : [])) };
}

export async function describeSubscription(
  cluster: Cluster,
  topic: string,
  name: string,
): Promise<SubscriptionDescription> {
  return unwrap(await cluster.subscription(topic, name).describe()).description;
}

export async function deleteSubscription(
  cluster: Cluster,
  topic: string,
  name: string,
): Promise<void> {
  unwrap(await cluster.subscription(topic, name).remove());
}

export async function pauseSubscription(
  cluster: Cluster,
  topic: string,
  name: string,
): Promise<SubscriptionDescription> {
  return unwrap(await cluster.subscription(topic, name).pause()).description;
}

export async function resumeSubscription(
  cluster: Cluster,
  topic: string,
  name: string,
): Promise<SubscriptionDescription> {
  return unwrap(await cluster.subscription(topic, name).resume()).description;
}
