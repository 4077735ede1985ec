// Fetch (key 1), v4–v13: each partition is one edgelog fetch page encoded as one uncompressed
// record batch. Long-poll as Kafka does: a first pass without waiting; if it found fewer than
// MinBytes, every partition long-polls up to MaxWaitMs and the answer goes out as soon as one
// has records. No fetch sessions (SessionId 0: clients send full requests), no transactions
// (the last stable offset is the high watermark, no aborted transactions).
import type { Edgelog } from "../../client/edgelog.js";
import {
  FETCH_BYTES_MAX,
  FETCH_RECORDS_MAX,
  KAFKA_FETCH_WAIT_MS_MAX,
} from "../../protocol/limits.js";
import type { FetchResponse } from "../../protocol/types.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { encodeRecordBatch } from "../codec/record-batch.js";
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

function readRequest(request: KafkaReader, version: number, flexible: boolean) {
  request.int32();
  const maxWaitMs = request.int32();
  const minBytes = request.int32();
  request.int32();
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
  return { maxWaitMs, minBytes, topics };
}

async function fetchPartition(
  edgelog: Edgelog,
  topic: string,
  partition: FetchPartition,
  waitMs: number,
  signal: AbortSignal | undefined,
): Promise<PartitionResult> {
  try {
    const page = await edgelog.read({
      topic,
      partition: partition.index,
      offset: partition.fetchOffset,
      maxRecords: FETCH_RECORDS_MAX,
      maxBytes: Math.min(Math.max(partition.maxBytes, 1), FETCH_BYTES_MAX),
      waitMs,
      ...(signal === undefined ? {} : { signal }),
    });
    const first = page.records[0];
    if (first === undefined) return { errorCode: KAFKA_ERROR.NONE, page, records: EMPTY };
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
  edgelog: Edgelog,
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
            : fetchPartition(edgelog, topic.name, p, waitMs, signal),
        ),
      ),
    ),
  );
}

function bytesOf(results: Results): number {
  return results.flat().reduce((sum, r) => sum + r.records.length, 0);
}

/** The long-poll pass: the first partition with records ends the wait for all. */
async function waitForRecords(edgelog: Edgelog, topics: FetchTopic[], waitMs: number) {
  const stop = new AbortController();
  const pending = topics.map((topic) =>
    topic.partitions.map(async (p) => {
      if (topic.name === null) return null;
      const result = await fetchPartition(edgelog, topic.name, p, waitMs, stop.signal);
      if (result.records.length > 0 || result.errorCode !== KAFKA_ERROR.NONE) stop.abort();
      return result;
    }),
  );
  return Promise.all(pending.map((partitions) => Promise.all(partitions)));
}

export const fetchHandler: ApiHandler = {
  key: 1,
  name: "Fetch",
  minVersion: 4,
  maxVersion: 13,
  flexibleFrom: 12,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const edgelog = context.connection.edgelog;
    const parsed = readRequest(request, version, flexible);
    const topics: FetchTopic[] = await Promise.all(
      parsed.topics.map(async (t) => ({
        ...t,
        name: t.name ?? (t.id === null ? null : await context.topicIds.nameOf(t.id, edgelog)),
      })),
    );
    let results = await fetchAll(edgelog, topics, 0);
    const waitMs = Math.min(Math.max(parsed.maxWaitMs, 0), KAFKA_FETCH_WAIT_MS_MAX);
    const anyError = results.flat().some((r) => r.errorCode !== KAFKA_ERROR.NONE);
    if (bytesOf(results) < Math.max(parsed.minBytes, 1) && waitMs > 0 && !anyError) {
      const waited = await waitForRecords(edgelog, topics, waitMs);
      results = results.map((partitions, t) =>
        partitions.map((first, p) => {
          const later = waited[t]?.[p];
          return later?.page == null && later?.errorCode === KAFKA_ERROR.NONE
            ? first
            : (later ?? first);
        }),
      );
    }
    const out = new KafkaWriter();
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
