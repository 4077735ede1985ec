// Topic administration through the catalog, keeping this isolate's metadata cache current.
import { unwrap } from "../protocol/errors.js";
import type { AlterTopicRequest, CreateTopicRequest } from "../protocol/topic-request.js";
import type {
  PartitionAssignment,
  PartitionDescription,
  TopicDescription,
  TopicMetadata,
  TopicSummary,
} from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { callForRead } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";
import { unreachableError } from "./unreachable.js";

export async function createTopic(
  cluster: Cluster,
  cache: MetadataCache,
  request: CreateTopicRequest,
): Promise<TopicDescription> {
  const { topic } = unwrap(await cluster.catalog.createTopic(request));
  cache.put(topic);
  return describeFresh(topic);
}

export async function listTopics(cluster: Cluster): Promise<TopicSummary[]> {
  const { topics } = await cluster.catalog.listTopics();
  return topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.length,
    replicationFactor: topic.config.replicationFactor,
    config: topic.config,
    ...(topic.internal === true ? { internal: true as const } : {}),
  }));
}

/**
 * The topic with every partition's leader, ISR, offsets and storage (asked of its leader). A
 * partition whose leader cannot be reached is still described, from the catalog, with offsets
 * unknown and its error: that is when an operator most needs to see its leader and ISR.
 */
export async function describeTopic(
  cluster: Cluster,
  cache: MetadataCache,
  name: string,
): Promise<TopicDescription> {
  const { topic } = unwrap(await cluster.catalog.getTopic(name));
  cache.put(topic);
  const partitions = await Promise.all(
    topic.partitions.map((assignment) => describePartition(cluster, cache, topic, assignment)),
  );
  return { name: topic.name, topicId: topic.topicId, config: topic.config, partitions };
}

async function describePartition(
  cluster: Cluster,
  cache: MetadataCache,
  topic: TopicMetadata,
  assignment: PartitionAssignment,
): Promise<PartitionDescription> {
  // The assignment the answer came from: an election on the way shows its new leader.
  let asked = assignment;
  try {
    const status = await callForRead(
      cluster,
      cache,
      topic.name,
      assignment.partition,
      "leader",
      (ref) => {
        asked = ref.assignment;
        return ref.replica.status(topic.topicId);
      },
    );
    const { logStartOffset, highWatermark, logEndOffset, storage } = status;
    return { ...asked, logStartOffset, highWatermark, logEndOffset, storage };
  } catch (err) {
    const error = unreachableError(err);
    const unknown = { logStartOffset: null, highWatermark: null, logEndOffset: null };
    return { ...asked, ...unknown, storage: null, error };
  }
}

export async function alterTopic(
  cluster: Cluster,
  cache: MetadataCache,
  name: string,
  request: AlterTopicRequest,
): Promise<TopicDescription> {
  const { topic } = unwrap(await cluster.catalog.alterTopic(name, request));
  cache.put(topic);
  return describeTopic(cluster, cache, name);
}

export async function deleteTopic(cluster: Cluster, cache: MetadataCache, name: string) {
  cache.invalidate(name);
  unwrap(await cluster.catalog.deleteTopic(name));
  cache.invalidate(name);
}

/** A new topic's description: every log is empty, so no replica needs asking. */
function describeFresh(topic: TopicMetadata): TopicDescription {
  return {
    name: topic.name,
    topicId: topic.topicId,
    config: topic.config,
    partitions: topic.partitions.map((p) => ({
      ...p,
      logStartOffset: 0,
      highWatermark: 0,
      logEndOffset: 0,
      storage: { bytes: 0, batches: 0, records: 0 },
    })),
  };
}
