// Fetch (key 1), v4–v13: each partition is one edgelog fetch page encoded as one uncompressed
// record batch. Long-poll as Kafka does: a first pass without waiting; if it found fewer than
// MinBytes, every partition long-polls up to MaxWaitMs and the answer goes out as soon as one
// has records. No fetch sessions (SessionId 0: clients send full requests), no transactions
// (the last stable offset is the high watermark, no aborted transactions).
import {
  FETCH_BYTES_MAX,
  FETCH_RECORDS_MAX,
  KAFKA_FETCH_WAIT_MS_MAX,
} from "../../protocol/limits.js";
import type { FetchResponse } from "../../protocol/types.js";
import type { ApiHandler, ConnectionState, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { encodeRecordBatch } from "../codec/record-batch-encode.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { toKafkaRecord } from "../record-mapping.js";
import { checkAuthenticated } from "../session.js";

interface FetchPartition {
  index: number;
  fetchOffset: number;
  maxBytes: number;
}

interface FetchTopic {
  /** null: a v13 topic id this gateway could not name (UNKNOWN_TOPIC_ID). */
  name: string | null;
  id: Buffer | null;
  partitions: FetchPartition[];
}

interface PartitionResult {
  errorCode: number;
  page: FetchResponse | null;
  records: Buffer;
}

const EMPTY = Buffer.alloc(0);
/** A partition's fields in the answer besides its records (and its topic's name), at most. */
const ANSWER_BYTES_PER_PARTITION = 64;

function readRequest(request: KafkaReader, version: number, flexible: boolean) {
  request.int32();
  const maxWaitMs = request.int32();
  const minBytes = request.int32();
  const maxBytes = request.int32();
  request.int8();
  if (version >= 7) {
    request.int32();
    request.int32();
  }
  const topics = request.array(flexible, () => {
    const id = version >= 13 ? request.uuid() : null;
    const name = version >= 13 ? null : request.str(flexible);
    const partitions = request.array(flexible, (): FetchPartition => {
      const index = request.int32();
      if (version >= 9) request.int32();
      const fetchOffset = request.int64();
      if (version >= 12) request.int32();
      if (version >= 5) request.int64();
      const maxBytes = request.int32();
      request.taggedFields(flexible);
      return { index, fetchOffset, maxBytes };
    });
    request.taggedFields(flexible);
    return { id, name, partitions };
  });
  if (version >= 7) {
    request.array(flexible, () => {
      if (version >= 13) request.uuid();
      else request.str(flexible);
      request.array(flexible, () => request.int32());
      request.taggedFields(flexible);
    });
  }
  if (version >= 11) request.str(flexible);
  request.taggedFields(flexible);
  return { maxWaitMs, minBytes, maxBytes, topics };
}

async function fetchPartition(
  connection: ConnectionState,
  topic: string,
  partition: FetchPartition,
  waitMs: number,
  signal: AbortSignal | undefined,
): Promise<PartitionResult> {
  const { edgelog, readAhead } = connection;
  const read = (offset: number, wait: number, stop?: AbortSignal) =>
    edgelog.read({
      topic,
      partition: partition.index,
      offset,
      maxRecords: FETCH_RECORDS_MAX,
      maxBytes: Math.min(Math.max(partition.maxBytes, 1), FETCH_BYTES_MAX),
      waitMs: wait,
      ...(stop === undefined ? {} : { signal: stop }),
    });
  try {
    const ahead = readAhead.take(topic, partition.index, partition.fetchOffset, Date.now());
    let page = ahead === undefined ? null : await ahead;
    if (page === null || page.records.length === 0) {
      page = await read(partition.fetchOffset, waitMs, signal);
    }
    const first = page.records[0];
    if (first === undefined) return { errorCode: KAFKA_ERROR.NONE, page, records: EMPTY };
    const next = page.nextOffset;
    readAhead.start(topic, partition.index, next, Date.now(), () => read(next, 0));
    const records = page.records.map((r) => toKafkaRecord(r, first.offset));
    return {
      errorCode: KAFKA_ERROR.NONE,
      page,
      records: encodeRecordBatch({ baseOffset: first.offset, records }),
    };
  } catch (err) {
    checkAuthenticated(err);
    if (signal?.aborted) return { errorCode: KAFKA_ERROR.NONE, page: null, records: EMPTY };
    return { errorCode: kafkaErrorOf(err, "topic"), page: null, records: EMPTY };
  }
}

type Results = PartitionResult[][];

function fetchAll(
  connection: ConnectionState,
  topics: FetchTopic[],
  waitMs: number,
  signal?: AbortSignal,
): Promise<Results> {
  return Promise.all(
    topics.map((topic) =>
      Promise.all(
        topic.partitions.map((p) =>
          topic.name === null
            ? { errorCode: KAFKA_ERROR.UNKNOWN_TOPIC_ID, page: null, records: EMPTY }
            : fetchPartition(connection, topic.name, p, waitMs, signal),
        ),
      ),
    ),
  );
}

function bytesOf(results: Results): number {
  return results.flat().reduce((sum, r) => sum + r.records.length, 0);
}

/** The long-poll pass: the first partition with records ends the wait for all. */
async function waitForRecords(connection: ConnectionState, topics: FetchTopic[], waitMs: number) {
  const stop = new AbortController();
  const pending = topics.map((topic) =>
    topic.partitions.map(async (p) => {
      if (topic.name === null) return null;
      const result = await fetchPartition(connection, topic.name, p, waitMs, stop.signal);
      if (result.records.length > 0 || result.errorCode !== KAFKA_ERROR.NONE) stop.abort();
      return result;
    }),
  );
  return Promise.all(pending.map((partitions) => Promise.all(partitions)));
}

/**
 * The request's MaxBytes over all partitions (KIP-74): partitions are filled in request order
 * and one whose records would pass the bound answers none this time (the client asks again from
 * the same offset), except the first with records, which is answered whole so a consumer always
 * makes progress.
 */
function withinMaxBytes(results: Results, maxBytes: number): void {
  let total = 0;
  for (const result of results.flat()) {
    if (result.records.length === 0) continue;
    if (total > 0 && total + result.records.length > maxBytes) result.records = EMPTY;
    else total += result.records.length;
  }
}

/** A v13 topic id's name; null (UNKNOWN_TOPIC_ID) when edgelog cannot say which topic it is. */
async function nameOf(context: RequestContext, id: Buffer): Promise<string | null> {
  try {
    return await context.topicIds.nameOf(id, context.connection.edgelog);
  } catch (err) {
    checkAuthenticated(err);
    return null;
  }
}

/**
 * The long-poll's answer for a partition, unless it has none: a partition whose wait was cut
 * short (another had records first) keeps what the first pass found.
 */
function preferWaited(first: PartitionResult, waited: PartitionResult | null): PartitionResult {
  if (waited === null) return first;
  const cutShort = waited.page === null && waited.errorCode === KAFKA_ERROR.NONE;
  return cutShort ? first : waited;
}

export const fetchHandler: ApiHandler = {
  key: 1,
  name: "Fetch",
  minVersion: 4,
  maxVersion: 13,
  flexibleFrom: 12,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const parsed = readRequest(request, version, flexible);
    const topics: FetchTopic[] = await Promise.all(
      parsed.topics.map(async (t) => ({
        ...t,
        name: t.name ?? (t.id === null ? null : await nameOf(context, t.id)),
      })),
    );
    let results = await fetchAll(context.connection, topics, 0);
    const waitMs = Math.min(Math.max(parsed.maxWaitMs, 0), KAFKA_FETCH_WAIT_MS_MAX);
    const anyError = results.flat().some((r) => r.errorCode !== KAFKA_ERROR.NONE);
    if (bytesOf(results) < Math.max(parsed.minBytes, 1) && waitMs > 0 && !anyError) {
      const waited = await waitForRecords(context.connection, topics, waitMs);
      results = results.map((partitions, t) =>
        partitions.map((first, p) => preferWaited(first, waited[t]?.[p] ?? null)),
      );
    }
    withinMaxBytes(results, parsed.maxBytes);
    // Sized for the batches up front: growing by doubling would copy a large answer ~10 times.
    const out = new KafkaWriter(
      bytesOf(results) + ANSWER_BYTES_PER_PARTITION * results.flat().length,
    );
    out.int32(0);
    if (version >= 7) out.int16(KAFKA_ERROR.NONE).int32(0);
    out.array(flexible, topics, (topic) => {
      if (version >= 13) out.raw(topic.id ?? Buffer.alloc(16));
      else out.str(flexible, topic.name ?? "");
      const t = topics.indexOf(topic);
      out.array(flexible, topic.partitions, (partition) => {
        const p = topic.partitions.indexOf(partition);
        const result = results[t]?.[p];
        const page = result?.page ?? null;
        const highWatermark = page?.highWatermark ?? -1;
        out.int32(partition.index).int16(result?.errorCode ?? KAFKA_ERROR.NONE);
        out.int64(highWatermark).int64(highWatermark);
        if (version >= 5) out.int64(page?.logStartOffset ?? -1);
        out.array(flexible, null, () => {});
        if (version >= 11) out.int32(-1);
        out.nullableBytes(flexible, result?.records ?? EMPTY);
        out.taggedFields(flexible);
      });
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
