// Runs a query's processors: flush what each has queued, then read its input partition and hand
// the records over, batch by batch, until it has caught up (or its run bound). `runProcessor`
// is the one entry point a wake-up calls; today the query routes call it (design/stream-sql.md).
import { EdgelogError, unwrap } from "../protocol/errors.js";
import {
  FETCH_BYTES_DEFAULT,
  PROCESSOR_BATCH_RECORDS_MAX,
  PROCESSOR_BATCHES_PER_RUN_MAX,
} from "../protocol/limits.js";
import type {
  OutboxBatch,
  ProcessorConfig,
  QueryProcessorRpc,
  WireRecord,
} from "../sql/processor-rpc.js";
import type { QueryRecord } from "../sql/query-registry.js";
import type { Cluster } from "./cluster.js";
import { fetchRecords } from "./fetch.js";
import type { MetadataCache } from "./metadata-cache.js";
import { produce } from "./produce.js";

/** Runs every stage of `query` in order, the partitions of a stage side by side. */
export async function runQuery(cluster: Cluster, cache: MetadataCache, query: QueryRecord) {
  for (const stage of query.stages) {
    await Promise.all(stage.map((name) => runProcessor(cluster, cache, name)));
  }
}

export async function runProcessor(cluster: Cluster, cache: MetadataCache, name: string) {
  const processor = cluster.processor(name);
  const status = unwrap(await processor.status());
  const config = status.config;
  await flush(cluster, cache, processor, config, status.outbox);
  let offset = status.offset;
  let tableOffset = status.tableOffset;
  for (let batch = 0; batch < PROCESSOR_BATCHES_PER_RUN_MAX; batch++) {
    if (config.joinTopic !== null) {
      tableOffset = await catchUpTable(cluster, cache, processor, config, tableOffset);
    }
    const read = await readBatch(cluster, cache, config.inputTopic, config.partition, offset);
    const result = unwrap(
      await processor.process(offset, read.records, read.nextOffset, read.highWatermark),
    );
    await flush(cluster, cache, processor, config, result.outbox);
    // Another run got there first: it carries on from here.
    if (result.stale) return;
    offset = read.nextOffset;
    if (read.records.length === 0 || offset >= read.highWatermark) return;
  }
}

/** The joined table's partition up to its high watermark, into the processor's copy. */
async function catchUpTable(
  cluster: Cluster,
  cache: MetadataCache,
  processor: QueryProcessorRpc,
  config: ProcessorConfig,
  fromOffset: number,
): Promise<number> {
  let offset = fromOffset;
  for (let batch = 0; batch < PROCESSOR_BATCHES_PER_RUN_MAX; batch++) {
    const read = await readBatch(
      cluster,
      cache,
      config.joinTopic as string,
      config.partition,
      offset,
    );
    if (read.records.length === 0) return offset;
    const applied = unwrap(await processor.applyTable(offset, read.records, read.nextOffset));
    if (applied.stale) return offset;
    offset = read.nextOffset;
    if (offset >= read.highWatermark) return offset;
  }
  return offset;
}

async function readBatch(
  cluster: Cluster,
  cache: MetadataCache,
  topic: string,
  partition: number,
  offset: number,
) {
  const read = await fetchRecords(cluster, cache, topic, partition, {
    offset,
    maxRecords: PROCESSOR_BATCH_RECORDS_MAX,
    maxBytes: FETCH_BYTES_DEFAULT,
    waitMs: 0,
    replica: "leader",
  });
  const records = JSON.parse(`[${read.records}]`) as WireRecord[];
  return { records, nextOffset: read.nextOffset, highWatermark: read.highWatermark };
}

/**
 * Writes queued batches in order, each under its stored producer sequence: a batch the log
 * already has (an earlier run wrote it and stopped before the acknowledgement) answers as a
 * duplicate with its original offsets, so output is written exactly once.
 */
async function flush(
  cluster: Cluster,
  cache: MetadataCache,
  processor: QueryProcessorRpc,
  config: ProcessorConfig,
  outbox: OutboxBatch[],
) {
  for (const batch of outbox) {
    const outcome = await produce(cluster, cache, config.outputTopic, {
      records: batch.records,
      acks: "all",
      producer: { id: config.producer.id, epoch: config.producer.epoch, sequence: batch.sequence },
    });
    if (outcome.status !== 200) {
      throw new EdgelogError(
        "UNAVAILABLE",
        `query output to ${config.outputTopic} failed; retried on the next run`,
      );
    }
    await processor.acknowledge([batch.id]);
  }
}
