// Topic administration through the catalog, keeping this isolate's metadata cache current.
import { unwrap } from "../protocol/errors.js";
import type { AlterTopicRequest, CreateTopicRequest } from "../protocol/topic-request.js";
import type {
  PartitionDescription,
  TopicDescription,
  TopicMetadata,
  TopicSummary,
} from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { callForRead } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

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
  }));
}

/** The topic with every partition's leader, ISR, offsets and storage (asked of its leader). */
export async function describeTopic(
  cluster: Cluster,
  cache: MetadataCache,
  name: string,
): Promise<TopicDescription> {
  const { topic } = unwrap(await cluster.catalog.getTopic(name));
  cache.put(topic);
  const partitions = await Promise.all(
    topic.partitions.map(async (assignment): Promise<PartitionDescription> => {
      const { logStartOffset, highWatermark, logEndOffset, storage } = await callForRead(
        cluster,
        cache,
        topic.name,
        assignment.partition,
        "leader",
        (ref) => ref.replica.status(topic.topicId),
      );
      return { ...assignment, logStartOffset, highWatermark, logEndOffset, storage };
    }),
  );
  return { name: topic.name, topicId: topic.topicId, config: topic.config, partitions };
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
