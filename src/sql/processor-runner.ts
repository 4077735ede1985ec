// Runs one query processor inside its object: flush what it has queued, read its input
// partition and process it batch by batch until caught up, then arm an append watch on the
// partition's leader and sleep: an idle query costs nothing until an append wakes it (`run` is
// the one entry point of a wake, of query creation, and of a describe or pull that catches up).
// A failure (a leader failing over) ends the run; the next wake or request resumes it from the
// stored offset, so no call loops here.
import type { PartitionClient } from "../delivery/partition-client.js";
import { encodeBatch } from "../log/encoded-batch.js";
import type { ReadOk, WatchOk } from "../log/partition-rpc.js";
import { encodeRecord } from "../log/record-codec.js";
import type { WatcherRef } from "../log/watch-store.js";
import { ERROR_CODES } from "../protocol/error-codes.js";
import { EdgelogError, type Failure, unwrap } from "../protocol/errors.js";
import {
  FETCH_BYTES_DEFAULT,
  PROCESSOR_BATCH_RECORDS_MAX,
  PROCESSOR_BATCHES_PER_RUN_MAX,
} from "../protocol/limits.js";
import type { QueryProcessor } from "./processor.js";
import type { ProcessorConfig, WireRecord } from "./processor-rpc.js";

export interface RunnerDeps {
  readonly processor: QueryProcessor;
  readonly partitions: PartitionClient;
  /** Arms a watch on the partition's leader (`watch` on its replica object). */
  watch(topic: string, partition: number, offset: number): Promise<WatchOk | Failure>;
}

export type RunOutcome = "caught-up" | "more" | "stopped";

export async function runProcessor(deps: RunnerDeps): Promise<RunOutcome> {
  try {
    return await runBatches(deps);
  } catch (error) {
    // A retriable failure (a leader failing over) waits for the next run; any other (an output
    // record over the limit, a fenced producer) cannot pass by waiting: the query has failed.
    if (error instanceof EdgelogError && !ERROR_CODES[error.code].retriable) {
      deps.processor.fail(`${error.code}: ${error.message}`);
      return "stopped";
    }
    throw error;
  }
}

async function runBatches(deps: RunnerDeps): Promise<RunOutcome> {
  const meta = deps.processor.meta();
  if (meta === null || meta.stopped || meta.failure !== null) return "stopped";
  const config = meta.config;
  await flush(deps, config);
  let offset = meta.nextOffset;
  let tableOffset = meta.tableOffset;
  for (let batch = 0; batch < PROCESSOR_BATCHES_PER_RUN_MAX; batch++) {
    if (config.joinTopic !== null) tableOffset = await catchUpTable(deps, config, tableOffset);
    const read = await readBatch(deps, config.inputTopic, config.partition, offset);
    if ("logStartOffset" in read) {
      // Retention got there first: go on from the log start (another run may have already).
      if (!deps.processor.skipTo(offset, read.logStartOffset, read.highWatermark)) return "more";
      offset = read.logStartOffset;
      continue;
    }
    const result = deps.processor.process(
      offset,
      read.records,
      read.nextOffset,
      read.highWatermark,
    );
    await flush(deps, config);
    // Another run in this object got there first: it carries on from here.
    if (result.stale) return "more";
    offset = read.nextOffset;
    if (read.records.length === 0 || offset >= read.highWatermark) {
      // Caught up: sleep until the input (or the joined table) has more.
      const armed = await armWatches(deps, config, offset, tableOffset);
      return armed ? "caught-up" : "more";
    }
  }
  return "more";
}

/** True when every watch armed; false when a record is readable already (run again). */
async function armWatches(
  deps: RunnerDeps,
  config: ProcessorConfig,
  offset: number,
  tableOffset: number,
): Promise<boolean> {
  const input = unwrap(await deps.watch(config.inputTopic, config.partition, offset));
  if (!input.armed) return false;
  if (config.joinTopic === null) return true;
  const table = unwrap(await deps.watch(config.joinTopic, config.partition, tableOffset));
  return table.armed;
}

async function catchUpTable(
  deps: RunnerDeps,
  config: ProcessorConfig,
  fromOffset: number,
): Promise<number> {
  let offset = fromOffset;
  for (let batch = 0; batch < PROCESSOR_BATCHES_PER_RUN_MAX; batch++) {
    const read = await readBatch(deps, config.joinTopic as string, config.partition, offset);
    if ("logStartOffset" in read) {
      // The table's removed records are gone for good: its state goes on from the log start.
      if (!deps.processor.applyTable(offset, [], read.logStartOffset)) return offset;
      offset = read.logStartOffset;
      continue;
    }
    if (read.records.length === 0) return offset;
    if (!deps.processor.applyTable(offset, read.records, read.nextOffset)) return offset;
    offset = read.nextOffset;
    if (offset >= read.highWatermark) return offset;
  }
  return offset;
}

interface Batch {
  readonly records: WireRecord[];
  readonly nextOffset: number;
  readonly highWatermark: number;
}

/** Where the log starts now, when retention removed records from `offset` on. */
interface Removed {
  readonly logStartOffset: number;
  readonly highWatermark: number;
}

async function readBatch(
  deps: RunnerDeps,
  topic: string,
  partition: number,
  offset: number,
): Promise<Batch | Removed> {
  const { topicId } = await deps.partitions.topic(topic);
  const answer = await deps.partitions.read(topic, partition, topicId, {
    offset,
    maxRecords: PROCESSOR_BATCH_RECORDS_MAX,
    maxBytes: FETCH_BYTES_DEFAULT,
    waitMs: 0,
  });
  if (!answer.ok) {
    const removed = removedBefore(answer, offset);
    if (removed !== null) return removed;
  }
  const read: ReadOk = unwrap(answer);
  const records = JSON.parse(`[${read.records}]`) as WireRecord[];
  return { records, nextOffset: read.nextOffset, highWatermark: read.highWatermark };
}

/** OFFSET_OUT_OF_RANGE below the log start (not past its end): retention removed `offset`. */
function removedBefore(failure: Failure, offset: number): Removed | null {
  const { code, details } = failure.error;
  if (code !== "OFFSET_OUT_OF_RANGE") return null;
  const logStartOffset = details?.logStartOffset;
  const highWatermark = details?.highWatermark;
  if (typeof logStartOffset !== "number" || logStartOffset <= offset) return null;
  return {
    logStartOffset,
    highWatermark: typeof highWatermark === "number" ? highWatermark : logStartOffset,
  };
}

/**
 * Writes queued batches in order, each under its stored producer sequence: a batch the log
 * already has (a run wrote it and stopped before the acknowledgement) answers as a duplicate
 * with its original offsets, so output is written exactly once.
 */
async function flush(deps: RunnerDeps, config: ProcessorConfig): Promise<void> {
  for (const batch of deps.processor.outbox()) {
    const encoded = batch.records.map((record, i) => encodeRecord(record, i));
    const positions = batch.records.map((_, i) => i);
    const result = await deps.partitions.append(
      config.outputTopic,
      batch.partition,
      encodeBatch(batch.records, encoded, positions),
      { id: config.producer.id, epoch: config.producer.epoch, sequence: batch.sequence },
    );
    if (!result.ok && !alreadyWritten(result.error, batch.sequence)) {
      throw EdgelogError.fromBody(result.error);
    }
    deps.processor.acknowledge([batch.id]);
  }
}

/**
 * The log expects a later sequence than this batch's: batches are written strictly in sequence
 * order, so this one is in the log already (another run of this processor wrote it and the log's
 * window of remembered batches has moved past it). Acknowledging it is right; failing is not.
 */
function alreadyWritten(error: Failure["error"], sequence: number): boolean {
  const expected = error.details?.expectedSequence;
  return (
    error.code === "OUT_OF_ORDER_SEQUENCE" && typeof expected === "number" && expected > sequence
  );
}

/** The watcher a processor names when it arms a watch or registers with the catalog. */
export function processorWatcher(name: string): WatcherRef {
  return { kind: "query", name };
}
