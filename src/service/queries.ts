// Persistent queries (design/stream-sql.md, API): create — parse, check, create the output
// (and repartition) topics, configure one processor per input partition and stage, register —
// and list, describe, drop.
import { EdgelogError, unwrap } from "../protocol/errors.js";
import { isValidName } from "../protocol/names.js";
import type { QueryDescription, QueryPartition, QuerySummary } from "../protocol/query-request.js";
import type { TopicMetadata } from "../protocol/types.js";
import { checkQuery } from "../sql/checker.js";
import { parseStatement } from "../sql/parser.js";
import type { QueryPlan } from "../sql/plan.js";
import type { ProcessorConfig, ProcessorRole } from "../sql/processor-rpc.js";
import { processorWatcher } from "../sql/processor-runner.js";
import { invalidQuery } from "../sql/query-error.js";
import type { QueryRecord, RegisteredQuery } from "../sql/query-registry.js";
import type { Cluster } from "./cluster.js";
import { partitionOffsets } from "./fetch.js";
import type { MetadataCache } from "./metadata-cache.js";
import { runQuery } from "./query-runner.js";
import { lookUpSources } from "./query-sources.js";
import { createTopic } from "./topics.js";

export async function createQuery(
  cluster: Cluster,
  cache: MetadataCache,
  sql: string,
): Promise<QuerySummary> {
  const statement = parseStatement(sql);
  if (statement.kind === "select") {
    throw invalidQuery(
      "POST /v1/queries takes CREATE STREAM or CREATE TABLE … AS SELECT; a SELECT runs on POST /v1/query",
      statement.at,
    );
  }
  if (!isValidName(statement.name)) {
    throw invalidQuery(
      `${statement.name} is not a topic name ([A-Za-z0-9._-]{1,249})`,
      statement.nameAt,
    );
  }
  const plan = checkQuery(statement, await lookUpSources(cluster, cache, statement.select));
  const input = await cache.get(cluster.catalog, plan.input);
  const id = crypto.randomUUID();
  const outputPartitions = statement.properties.partitions ?? input.partitions.length;
  await createTopic(
    cluster,
    cache,
    outputTopicRequest(statement.name, outputPartitions, input, plan.kind === "table"),
  );
  const repartitionTopic = needsRepartition(plan) ? `_query-${id}-repartition` : null;
  if (repartitionTopic !== null) {
    await createTopic(cluster, cache, {
      ...outputTopicRequest(repartitionTopic, input.partitions.length, input, false),
      internal: true,
    });
  }
  const starts = await Promise.all(
    input.partitions.map(async ({ partition }) => {
      const offsets = await partitionOffsets(cluster, cache, input.name, partition, null);
      return statement.properties.start === "earliest"
        ? offsets.logStartOffset
        : offsets.highWatermark;
    }),
  );
  const stages: Omit<ProcessorConfig, "name" | "producer">[][] = [];
  const base = {
    queryId: id,
    plan,
    joinTopic: plan.kind === "stream" ? (plan.join?.table ?? null) : null,
  };
  if (repartitionTopic === null) {
    const role: ProcessorRole = plan.kind;
    stages.push(
      starts.map((startOffset, partition) => ({
        ...base,
        role,
        inputTopic: input.name,
        partition,
        wrappedInput: false,
        startOffset,
        outputTopic: statement.name,
        outputPartitions,
      })),
    );
  } else {
    stages.push(
      starts.map((startOffset, partition) => ({
        ...base,
        role: "rekey" as const,
        inputTopic: input.name,
        partition,
        wrappedInput: false,
        startOffset,
        outputTopic: repartitionTopic,
        outputPartitions: input.partitions.length,
      })),
      starts.map((_, partition) => ({
        ...base,
        role: "table" as const,
        inputTopic: repartitionTopic,
        partition,
        wrappedInput: true,
        startOffset: 0,
        outputTopic: statement.name,
        outputPartitions,
      })),
    );
  }
  const names = await Promise.all(
    stages.map((stage, s) =>
      Promise.all(
        stage.map(async (config) => {
          const name = `query/${id}/${s}/${config.partition}`;
          // One producer per processor, its epoch fixed for life: sequences come from its state.
          const producer = await cluster.catalog.initProducer(
            `_query-${id}-${s}-${config.partition}`,
          );
          const processor = cluster.processor(name);
          unwrap(
            await processor.configure({
              ...config,
              name,
              producer: { id: producer.id, epoch: producer.epoch },
            }),
          );
          // Woken on leader elections of its inputs too, where armed watches are lost.
          for (const topic of topicsOf(config)) {
            unwrap(await cluster.catalog.watchTopic(topic, processorWatcher(name)));
          }
          return name;
        }),
      ),
    ),
  );
  const query: QueryRecord = {
    id,
    name: statement.name,
    sql,
    kind: plan.kind,
    outputTopic: statement.name,
    plan,
    stages: names,
    repartitionTopic,
    createdAt: Date.now(),
  };
  unwrap(await cluster.queries.add(query));
  await runQuery(cluster, query);
  return summaryOf({ ...query, failure: null });
}

/** GROUP BY anything but the key itself re-keys through a repartition topic (ksqlDB's way). */
function needsRepartition(plan: QueryPlan): boolean {
  if (plan.kind !== "table") return false;
  const only = plan.groupBy[0];
  return !(plan.groupBy.length === 1 && only?.k === "meta" && only.name === "KEY");
}

function outputTopicRequest(
  name: string,
  partitions: number,
  input: TopicMetadata,
  compact: boolean,
) {
  const { replicationFactor, minInsyncReplicas, replicaLagMs } = input.config;
  return {
    name,
    partitions,
    config: {
      replicationFactor,
      minInsyncReplicas,
      replicaLagMs,
      cleanupPolicy: compact ? ("compact" as const) : ("delete" as const),
    },
  };
}

/** A query's state comes from the registry, where its failed processors report (cheap). */
export function summaryOf(query: RegisteredQuery): QuerySummary {
  return {
    id: query.id,
    name: query.name,
    kind: query.kind,
    outputTopic: query.outputTopic,
    state: query.failure === null ? "running" : "failed",
  };
}

export async function listQueries(cluster: Cluster): Promise<QuerySummary[]> {
  return (await cluster.queries.list()).map(summaryOf);
}

export async function getQuery(cluster: Cluster, id: string): Promise<RegisteredQuery> {
  return unwrap(await cluster.queries.get(id)).query;
}

/** The query with each input partition's progress, after a run that catches it up. */
export async function describeQuery(cluster: Cluster, id: string): Promise<QueryDescription> {
  const query = await getQuery(cluster, id);
  let lastError: string | undefined;
  try {
    await runQuery(cluster, query);
  } catch (error) {
    if (!(error instanceof EdgelogError)) throw error;
    // A run that cannot finish now (a leader failing over) leaves the query where it was.
    lastError = error.message;
  }
  const { partitions, failure } = await progressOf(cluster, query);
  // A processor that failed for good fails the query; its reason is the query's last error.
  if (failure !== null) {
    lastError = failure;
    // Its own report may have been lost: the registry learns it here too (it keeps the first).
    if (query.failure === null) await cluster.queries.markFailed(query.id, failure);
  }
  return {
    id: query.id,
    name: query.name,
    sql: query.sql,
    kind: query.kind,
    outputTopic: query.outputTopic,
    state: failure === null ? "running" : "failed",
    partitions,
    ...(lastError === undefined ? {} : { lastError }),
  };
}

/**
 * Each input partition's progress, read from the processors without running them (describe
 * runs them first; a scrape does not): offset and lag from the first stage, output from the
 * last, errors and late records from both; and the failure of any processor that failed.
 */
export async function progressOf(
  cluster: Cluster,
  query: QueryRecord,
): Promise<{ partitions: QueryPartition[]; failure: string | null }> {
  const stages = await Promise.all(
    query.stages.map((stage) =>
      Promise.all(stage.map(async (name) => unwrap(await cluster.processor(name).status()))),
    ),
  );
  const first = stages[0] ?? [];
  const last = stages.at(-1) ?? [];
  const partitions: QueryPartition[] = first.map((status, i) => {
    const final = last[i] ?? status;
    const extra = final === status ? null : final;
    return {
      partition: status.config.partition,
      offset: status.offset,
      lagRecords: Math.max(0, status.highWatermark - status.offset),
      recordsIn: status.recordsIn,
      recordsOut: final.recordsOut,
      lateRecordsDropped: status.lateRecordsDropped + (extra?.lateRecordsDropped ?? 0),
      errors: status.errors + (extra?.errors ?? 0),
      recordsSkipped: status.recordsSkipped + (extra?.recordsSkipped ?? 0),
    };
  });
  const failure = stages.flat().find((status) => status.failure !== null)?.failure ?? null;
  return { partitions, failure };
}

/** Stops the query: its processors stop and are woken no more; the output topic stays. */
export async function dropQuery(cluster: Cluster, id: string): Promise<void> {
  const query = await getQuery(cluster, id);
  unwrap(await cluster.queries.remove(id));
  for (const name of query.stages.flat()) {
    const processor = cluster.processor(name);
    const status = unwrap(await processor.status());
    await processor.stop();
    for (const topic of topicsOf(status.config)) {
      await cluster.catalog.unwatchTopic(topic, processorWatcher(name));
    }
  }
}

/** The topics a processor reads: its input, and the table it joins. */
function topicsOf(config: Pick<ProcessorConfig, "inputTopic" | "joinTopic">): string[] {
  return config.joinTopic === null ? [config.inputTopic] : [config.inputTopic, config.joinTopic];
}
