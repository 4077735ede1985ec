// A group's offsets as every reader sees them (lag, describe, a consumer's start position): only
// the current incarnation of each topic counts, so a deleted topic's offsets are forgotten, and
// every partition of the group's topics is listed, committed or not (Kafka's `-`), one whose
// leader cannot be reached with its bounds and lag unknown and its error.
import { fanOut } from "../catalog/fan-out.js";
import { partitionKey } from "../groups/assignors.js";
import type { GroupDescription } from "../groups/group-rpc.js";
import type { CommittedOffset } from "../groups/group-store.js";
import { isCurrentIncarnation } from "../groups/offset-incarnation.js";
import { unwrap } from "../protocol/errors.js";
import { CATALOG_FANOUT_MAX } from "../protocol/limits.js";
import type { GroupOffset, TopicMetadata } from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { partitionOffsets } from "./fetch.js";
import type { MetadataCache } from "./metadata-cache.js";
import { unreachableError } from "./unreachable.js";

/** Every partition of the group's topics with its committed offset (or null) and lag. */
export async function groupLag(
  cluster: Cluster,
  cache: MetadataCache,
  description: GroupDescription,
): Promise<GroupOffset[]> {
  const subscribed = description.members.flatMap((m) => m.topics);
  const candidates = [...new Set([...subscribed, ...description.offsets.map((o) => o.topic)])];
  const topics = await currentTopics(cluster, cache, candidates, description.offsets);
  const stale = description.offsets.filter((o) => !isCurrent(o, topics));
  if (stale.length > 0) {
    unwrap(await cluster.group(description.groupId).forgetOffsets(description.groupId, stale));
  }
  const current = description.offsets.filter((o) => isCurrent(o, topics));
  const committed = new Map(current.map((o) => [partitionKey(o.topic, o.partition), o]));
  // The group's topics: those members subscribe to, and those it holds current commits in.
  const names = [...new Set([...subscribed, ...current.map((o) => o.topic)])].sort();
  const partitions = names.flatMap((topic) =>
    (topics.get(topic)?.partitions ?? []).map(({ partition }) => ({ topic, partition })),
  );
  return fanOut(partitions, CATALOG_FANOUT_MAX, ({ topic, partition }) =>
    partitionLag(cluster, cache, topic, partition, committed.get(partitionKey(topic, partition))),
  );
}

/**
 * One row: the partition's bounds asked of its leader, and the lag from the commit. A partition
 * whose leader cannot be reached keeps its commit (the group's own data) with bounds and lag
 * unknown and its error, as a topic's description does: one down partition must not hide the
 * rest, nor stall every consumer of the group that looks up where to start.
 */
async function partitionLag(
  cluster: Cluster,
  cache: MetadataCache,
  topic: string,
  partition: number,
  o: CommittedOffset | undefined,
): Promise<GroupOffset> {
  const commit = { topic, partition, offset: o?.offset ?? null, metadata: o?.metadata ?? null };
  let bounds: { highWatermark: number; logStartOffset: number };
  try {
    bounds = await partitionOffsets(cluster, cache, topic, partition, null);
  } catch (err) {
    const error = unreachableError(err);
    const unknown = { highWatermark: null, logStartOffset: null, lag: null };
    return { ...commit, ...unknown, error };
  }
  const { highWatermark, logStartOffset } = bounds;
  // Without a commit the group would read the whole log to catch up.
  const from = commit.offset === null ? logStartOffset : Math.max(commit.offset, logStartOffset);
  return { ...commit, highWatermark, logStartOffset, lag: Math.max(0, highWatermark - from) };
}

function isCurrent(offset: CommittedOffset, topics: Map<string, TopicMetadata | null>): boolean {
  return isCurrentIncarnation(offset, topics.get(offset.topic) ?? null);
}

/**
 * Each named topic as the catalog has it now (null: gone). An offset that looks foreign to a
 * cached topic, or lies past its partitions, may mean this isolate's cache is behind (a topic
 * re-created or grown elsewhere): such topics are read from the catalog again before any
 * offset is judged stale and forgotten.
 */
async function currentTopics(
  cluster: Cluster,
  cache: MetadataCache,
  names: string[],
  offsets: CommittedOffset[],
): Promise<Map<string, TopicMetadata | null>> {
  const read = (name: string) => cache.getOrNull(cluster.catalog, name);
  const topics = new Map(
    await fanOut(names, CATALOG_FANOUT_MAX, async (name) => [name, await read(name)] as const),
  );
  const doubtful = new Set<string>();
  for (const o of offsets) {
    const topic = topics.get(o.topic) ?? null;
    if (topic === null) continue; // never cached: the catalog just said so
    if (!isCurrentIncarnation(o, topic) || o.partition >= topic.partitions.length) {
      doubtful.add(o.topic);
    }
  }
  for (const name of doubtful) {
    cache.invalidate(name);
    topics.set(name, await read(name));
  }
  return topics;
}
