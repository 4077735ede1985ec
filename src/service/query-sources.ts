import { QUERY_FIELD_SAMPLE_RECORDS } from "../protocol/limits.js";
import { compacts } from "../protocol/topic-request.js";
import type { TopicMetadata } from "../protocol/types.js";
import type { SourceInfo, SourceLookup } from "../sql/checker.js";
import type { WireRecord } from "../sql/processor-rpc.js";
import type { Select } from "../sql/tree.js";
import { isObject } from "../sql/values.js";
import type { Cluster } from "./cluster.js";
import { fetchRecords, partitionOffsets } from "./fetch.js";
import type { MetadataCache } from "./metadata-cache.js";

export async function lookUpSources(
  cluster: Cluster,
  cache: MetadataCache,
  select: Select,
): Promise<SourceLookup> {
  const names = [select.from.name, ...(select.join === null ? [] : [select.join.table.name])];
  const infos = new Map<string, SourceInfo>();
  for (const name of names) {
    const topic = await cache.getOrNull(cluster.catalog, name);
    if (topic === null) continue;
    const table = (await cluster.queries.tableNamed(name)) !== null;
    infos.set(name, {
      partitions: topic.partitions.length,
      compacted: compacts(topic.config.cleanupPolicy),
      table,
      fields: await sampleFields(cluster, cache, topic),
    });
  }
  const all =
    infos.size === names.length
      ? []
      : (await cluster.catalog.listTopics()).topics.map((t) => t.name);
  return { source: (name) => infos.get(name) ?? null, names: () => all };
}

/** Top-level fields of the newest records' values, up to the contract's sample size. */
async function sampleFields(
  cluster: Cluster,
  cache: MetadataCache,
  topic: TopicMetadata,
): Promise<string[]> {
  const perPartition = Math.max(1, Math.ceil(QUERY_FIELD_SAMPLE_RECORDS / topic.partitions.length));
  const fields = new Set<string>();
  await Promise.all(
    topic.partitions.map(async ({ partition }) => {
      const offsets = await partitionOffsets(cluster, cache, topic.name, partition, null);
      const from = Math.max(offsets.logStartOffset, offsets.highWatermark - perPartition);
      if (from >= offsets.highWatermark) return;
      const read = await fetchRecords(cluster, cache, topic.name, partition, {
        offset: from,
        maxRecords: perPartition,
        maxBytes: 1024 * 1024,
        waitMs: 0,
        replica: "leader",
      });
      for (const record of JSON.parse(`[${read.records}]`) as WireRecord[]) {
        const value = record.value ?? null;
        if (isObject(value)) for (const field of Object.keys(value)) fields.add(field);
      }
    }),
  );
  return [...fields];
}
