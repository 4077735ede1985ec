// GET /metrics: what a scrape collects (design/observability.md). It asks each selected
// partition's leader for its status and counters and each group's coordinator for its members,
// then probes the groups' lag; alongside, share groups and subscriptions (scrape-delivery.ts).
// All with bounded concurrency and within SCRAPE_MS_MAX overall: what does not answer by then
// is left out and the scrape says so (`edgelog_scrape_partial 1`).
import { fanOut } from "../catalog/fan-out.js";
import type { GroupDescription } from "../groups/group-rpc.js";
import { probeLag } from "../metrics/lag-probe.js";
import type { GroupSnapshot, PartitionSnapshot, ScrapeSnapshot } from "../metrics/metrics-text.js";
import { SCRAPE_FANOUT_MAX, SCRAPE_MS_MAX } from "../protocol/limits.js";
import type { Cluster } from "./cluster.js";
import { progressOf } from "./queries.js";
import { scrapeDelivery } from "./scrape-delivery.js";

/**
 * `topics`: the selected topic names (?topic=), or null for all. Group series stay only for
 * groups whose topics are all selected; an unknown topic is simply absent.
 */
export async function scrape(
  cluster: Cluster,
  topics: ReadonlySet<string> | null,
  now: () => number = Date.now,
): Promise<ScrapeSnapshot> {
  const deadline = now() + SCRAPE_MS_MAX;
  const within = <T>(work: Promise<T>) => beforeDeadline(work, deadline - now());
  let partial = false;
  const [listed, groupList] = await Promise.all([
    within(cluster.catalog.listTopics()),
    within(cluster.catalog.listGroups()),
  ]);
  if (listed === undefined || groupList === undefined) {
    return {
      partitions: [],
      groups: [],
      queries: [],
      shareGroups: [],
      subscriptions: [],
      partial: true,
    };
  }
  const delivering = scrapeDelivery(cluster, topics, within);
  const selected = listed.topics.filter((t) => topics === null || topics.has(t.name));
  const byName = new Map(listed.topics.map((t) => [t.name, t]));
  const cells = selected.flatMap((topic) => topic.partitions.map((a) => ({ topic, a })));
  const answers = await fanOut(cells, SCRAPE_FANOUT_MAX, async ({ topic, a }) => {
    const replica = cluster.replica(topic.name, a.partition, a.leader);
    const answer = await within(replica.metrics(topic.topicId));
    if (answer === undefined || !answer.ok) return null;
    const snapshot: PartitionSnapshot = {
      topic: topic.name,
      partition: a.partition,
      replicas: a.replicas.length,
      leader: answer,
    };
    return snapshot;
  });
  const partitions = answers.filter((p) => p !== null);
  if (partitions.length < cells.length) partial = true;

  const groups = await fanOut(groupList.groups, SCRAPE_FANOUT_MAX, async (groupId) => {
    const answer = await within(cluster.group(groupId).describe(groupId));
    if (answer === undefined) partial = true;
    if (answer === undefined || !answer.ok) return null;
    if (topics !== null && !topicsOf(answer).every((t) => topics.has(t))) return null;
    const probe = {
      topic: async (name: string) => byName.get(name) ?? null,
      replica: (t: string, p: number, r: number) => cluster.replica(t, p, r),
    };
    const lags = await within(probeLag(probe, answer, now()));
    if (lags === undefined || lags.some((l) => l.lagRecords === null)) partial = true;
    const snapshot: GroupSnapshot = {
      group: groupId,
      // A KIP-848 member that left is kept until its partitions move; classic members are live.
      members: answer.members.filter((m) => !("departed" in m && m.departed)).length,
      lags: lags ?? [],
    };
    return snapshot;
  });
  // Queries whose output topic is selected, their progress as their processors last stored it.
  const queryList = (await within(cluster.queries.list())) ?? [];
  const shown = queryList.filter((q) => topics === null || topics.has(q.outputTopic));
  const queries = await fanOut(shown, SCRAPE_FANOUT_MAX, async (query) => {
    const progress = await within(progressOf(cluster, query));
    if (progress === undefined) partial = true;
    return progress === undefined ? null : { query: query.name, partitions: progress.partitions };
  });
  const delivery = await delivering;
  return {
    partitions,
    groups: groups.filter((g) => g !== null),
    queries: queries.filter((q) => q !== null),
    shareGroups: delivery.shareGroups,
    subscriptions: delivery.subscriptions,
    partial: partial || delivery.partial,
  };
}

/** The group's topics: those its members subscribe to and those it committed in. */
function topicsOf(description: GroupDescription): string[] {
  return [
    ...new Set([
      ...description.members.flatMap((m) => m.topics),
      ...description.offsets.map((o) => o.topic),
    ]),
  ];
}

/** The work's result, or undefined when it fails or takes longer than `ms`. */
async function beforeDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
