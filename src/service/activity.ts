// A topic's per-minute activity (GET /v1/topics/:t/activity): each partition's minute rows,
// asked of its leader (every replica counts what it appends), summed per minute.
import { fanOut } from "../catalog/fan-out.js";
import { type ActivityMinute, MINUTE_MS, minuteOf, sumMinutes } from "../metrics/activity.js";
import { SCRAPE_FANOUT_MAX } from "../protocol/limits.js";
import type { Cluster } from "./cluster.js";
import { callForRead } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

/** The last `minutes` minutes (the one in progress included), oldest first. */
export async function topicActivity(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  minutes: number,
  now: number,
): Promise<{ minutes: ActivityMinute[] }> {
  const topic = await cache.get(cluster.catalog, topicName);
  const since = minuteOf(now) - (minutes - 1) * MINUTE_MS;
  const lists = await fanOut(topic.partitions, SCRAPE_FANOUT_MAX, async ({ partition }) => {
    const answer = await callForRead(cluster, cache, topicName, partition, "leader", (ref) =>
      ref.replica.activity(ref.topic.topicId, since),
    );
    return answer.minutes;
  });
  return { minutes: sumMinutes(lists) };
}
