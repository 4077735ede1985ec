// A group's lag per partition, in records and in seconds (design/observability.md), asked of
// each partition's leader once (no failover wait: a scrape and a sample must stay bounded).
// Records: from where the group resumes, max(committed, log start), to the high watermark.
// Seconds: the age of the record there (the oldest the group has not consumed), 0 with no lag.
import { fanOut } from "../catalog/fan-out.js";
import type { GroupDescription } from "../groups/group-rpc.js";
import { isCurrentIncarnation } from "../groups/offset-incarnation.js";
import type { PartitionReplicaRpc } from "../log/partition-rpc.js";
import { SCRAPE_FANOUT_MAX } from "../protocol/limits.js";
import type { TopicMetadata } from "../protocol/types.js";

export interface LagProbeDeps {
  /** The topic as the catalog has it now, or null when it does not exist. */
  topic(name: string): Promise<TopicMetadata | null>;
  replica(topic: string, partition: number, replica: number): PartitionReplicaRpc;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Null when the partition's leader did not answer. */
  lagRecords: number | null;
  lagSeconds: number | null;
}

/** Every partition of the group's topics (subscribed, or committed in this incarnation). */
export async function probeLag(
  deps: LagProbeDeps,
  description: GroupDescription,
  now: number,
): Promise<PartitionLag[]> {
  const names = new Set([
    ...description.members.flatMap((m) => m.topics),
    ...description.offsets.map((o) => o.topic),
  ]);
  const topics = await fanOut([...names].sort(), SCRAPE_FANOUT_MAX, (name) => deps.topic(name));
  const partitions = topics.flatMap((topic) => {
    if (topic === null) return [];
    const committed = description.offsets.filter(
      (o) => o.topic === topic.name && isCurrentIncarnation(o, topic),
    );
    const subscribed = description.members.some((m) => m.topics.includes(topic.name));
    if (!subscribed && committed.length === 0) return [];
    return topic.partitions.map(({ partition, leader }) => ({
      topic,
      partition,
      leader,
      offset: committed.find((o) => o.partition === partition)?.offset ?? null,
    }));
  });
  return fanOut(partitions, SCRAPE_FANOUT_MAX, async (p) => {
    const row = { topic: p.topic.name, partition: p.partition };
    try {
      const replica = deps.replica(p.topic.name, p.partition, p.leader);
      const bounds = await replica.offsets(p.topic.topicId, null);
      if (!bounds.ok) return { ...row, lagRecords: null, lagSeconds: null };
      const from = Math.max(p.offset ?? bounds.logStartOffset, bounds.logStartOffset);
      const lagRecords = Math.max(0, bounds.highWatermark - from);
      if (lagRecords === 0) return { ...row, lagRecords, lagSeconds: 0 };
      const time = await replica.recordTime(p.topic.topicId, from);
      const lagSeconds = !time.ok ? null : Math.max(0, now - (time.timestamp ?? now)) / 1000;
      return { ...row, lagRecords, lagSeconds };
    } catch {
      // An unreachable leader: lag unknown here, as in GET /v1/groups/:g/offsets.
      return { ...row, lagRecords: null, lagSeconds: null };
    }
  });
}
