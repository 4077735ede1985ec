// The share groups' and push subscriptions' part of a scrape (design/delivery.md, last bullet):
// only the objects the catalog lists are asked (none is woken to find it holds nothing), each
// once, with bounded concurrency and within the scrape's deadline; what does not answer in time,
// or answers without a partition's high watermark, makes the scrape partial.
import { fanOut } from "../catalog/fan-out.js";
import { SUBSCRIPTION_KIND } from "../delivery/subscription-node.js";
import type { ShareGroupSnapshot } from "../metrics/metrics-text.js";
import { SCRAPE_FANOUT_MAX } from "../protocol/limits.js";
import type { SubscriptionDescription } from "../protocol/subscription-description.js";
import type { Cluster } from "./cluster.js";

/** The work's result, or undefined when it failed or missed the scrape's deadline. */
export type Within = <T>(work: Promise<T>) => Promise<T | undefined>;

export interface DeliveryScrape {
  shareGroups: ShareGroupSnapshot[];
  subscriptions: SubscriptionDescription[];
  partial: boolean;
}

/**
 * `topics`: the selected topic names, or null for all. A share group is kept when all its topics
 * are selected (as a consumer group is), a subscription when its topic is.
 */
export async function scrapeDelivery(
  cluster: Cluster,
  topics: ReadonlySet<string> | null,
  within: Within,
): Promise<DeliveryScrape> {
  let partial = false;
  const [groupList, watcherList] = await Promise.all([
    within(cluster.catalog.listGroups("share")),
    within(cluster.catalog.watchersOfKind(SUBSCRIPTION_KIND)),
  ]);
  if (groupList === undefined || watcherList === undefined) partial = true;

  const shareGroups = await fanOut(groupList?.groups ?? [], SCRAPE_FANOUT_MAX, async (group) => {
    const answer = await within(cluster.shareGroup(group).describe(group));
    if (answer === undefined) partial = true;
    // Not ok: deleted since the listing; nothing to report.
    if (answer === undefined || !answer.ok) return null;
    if (topics !== null && !answer.config.topics.every((t) => topics.has(t))) return null;
    const snapshot: ShareGroupSnapshot = { group, partitions: answer.partitions };
    return snapshot;
  });

  // A subscription object is named `<topic>/<name>`; topic names hold no `/`.
  const selected = (watcherList?.watchers ?? []).filter(
    (w) => topics === null || topics.has(w.topic),
  );
  const subscriptions = await fanOut(selected, SCRAPE_FANOUT_MAX, async (watcher) => {
    const name = watcher.name.slice(watcher.topic.length + 1);
    const answer = await within(cluster.subscription(watcher.topic, name).describe());
    if (answer === undefined) partial = true;
    if (answer === undefined || !answer.ok) return null;
    const { description } = answer;
    if (description.partitions.some((p) => p.lagRecords === null)) partial = true;
    return description;
  });

  return {
    shareGroups: shareGroups.filter((g) => g !== null),
    subscriptions: subscriptions.filter((s) => s !== null),
    partial,
  };
}
