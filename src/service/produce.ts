// Produce: encode and place every record, append each partition's share atomically on its
// leader, and answer offsets in request order (DESIGN.md §4, POST /v1/topics/:t/records).
import { type EncodedBatch, encodeBatch, sizesNeedNoMeasuring } from "../log/encoded-batch.js";
import type { AppendOk } from "../log/partition-rpc.js";
import { encodeRecord, keyBytesOf } from "../log/record-codec.js";
import { partitionForKey } from "../partitioner.js";
import { EdgelogError, type ErrorBody, type Failure } from "../protocol/errors.js";
import type { ProduceRequest } from "../protocol/produce-request.js";
import { compacts } from "../protocol/topic-request.js";
import type { ProduceRecord, TopicMetadata } from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { callLeader } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

/** `json` is a ProduceResponse, serialised by hand: it is built for every produce. */
export type ProduceOutcome = { status: 200 | 207; json: string } | { status: 202; json: null };

/** One partition's share of a request: the request positions of its records, in order. */
interface Share {
  partition: number;
  positions: number[];
}

export async function produce(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  request: ProduceRequest,
): Promise<ProduceOutcome> {
  const topic = await cache.get(cluster.catalog, topicName);
  if (compacts(topic.config.cleanupPolicy)) assertKeyed(request.records);
  const sizesKnown = sizesNeedNoMeasuring(request.text);
  const encoded = request.records.map((record, i) => encodeRecord(record, i, sizesKnown));
  const shares = placeRecords(request.records, topic.partitions.length);
  const appends = shares.map((share) =>
    appendShare(
      cluster,
      cache,
      topic,
      share.partition,
      request,
      encodeBatch(request.records, encoded, share.positions),
    ),
  );
  if (request.acks === 0) {
    cluster.waitUntil(Promise.all(appends));
    return { status: 202, json: null };
  }
  const results = await Promise.all(appends);
  return assemble(request.records, shares, results);
}

/** Compaction keeps the newest record per key: like Kafka, a compacted topic needs keys. */
function assertKeyed(records: ProduceRecord[]): void {
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ProduceRecord;
    if (record.keyBase64 === undefined && typeof record.key !== "string") {
      throw new EdgelogError(
        "INVALID_REQUEST",
        `record ${i}: a compacted topic needs a key on every record`,
        { index: i },
      );
    }
  }
}

/** Explicit partition, else Kafka's murmur2 of the key, else one sticky partition per request. */
function placeRecords(records: ProduceRecord[], partitionCount: number): Share[] {
  const sticky = Math.floor(Math.random() * partitionCount);
  const byPartition = new Map<number, number[]>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ProduceRecord;
    // One partition needs no hashing; otherwise the key decides (Kafka's default partitioner).
    const keyBytes = partitionCount > 1 ? keyBytesOf(record) : null;
    let partition: number;
    if (record.partition !== undefined) {
      partition = record.partition;
      if (partition >= partitionCount) {
        throw new EdgelogError("PARTITION_NOT_FOUND", `record ${i}: no partition ${partition}`, {
          index: i,
          partition,
          partitions: partitionCount,
        });
      }
    } else if (keyBytes !== null) {
      partition = partitionForKey(keyBytes, partitionCount);
    } else {
      partition = sticky;
    }
    const positions = byPartition.get(partition);
    if (positions === undefined) byPartition.set(partition, [i]);
    else positions.push(i);
  }
  return [...byPartition].map(([partition, positions]) => ({ partition, positions }));
}

async function appendShare(
  cluster: Cluster,
  cache: MetadataCache,
  topic: TopicMetadata,
  partition: number,
  request: ProduceRequest,
  batch: EncodedBatch,
): Promise<AppendOk | Failure> {
  // acks=0 still waits for the leader inside the object; only the HTTP answer does not.
  const acks = request.acks === 0 ? 1 : request.acks;
  // A produce is retried only where nothing can have been appended, unless it is idempotent:
  // then a retry that finds the batch already appended answers its original offsets.
  const producer = request.producer;
  return callLeader(
    cluster,
    cache,
    topic.name,
    partition,
    (ref) =>
      ref.replica.append({
        topicId: ref.topic.topicId,
        leaderEpoch: ref.assignment.leaderEpoch,
        acks,
        batch,
        ...(producer === undefined ? {} : { producer }),
      }),
    { retryUnknown: producer !== undefined },
  );
}

/** Offsets in request order; a failed partition's records carry its error instead. */
function assemble(
  records: ProduceRecord[],
  shares: Share[],
  results: Array<AppendOk | Failure>,
): ProduceOutcome {
  const entries = new Array<string>(records.length);
  let failures = 0;
  let duplicates = 0;
  let firstError: ErrorBody | undefined;
  for (let s = 0; s < shares.length; s++) {
    const { partition, positions } = shares[s] as Share;
    const result = results[s] as AppendOk | Failure;
    if (!result.ok) {
      failures++;
      firstError ??= result.error;
      const entry = JSON.stringify({ partition, error: result.error });
      for (const i of positions) entries[i] = entry;
      continue;
    }
    const head = `{"partition":${partition},"offset":`;
    const stored = result.duplicate?.timestamps;
    if (stored !== undefined) duplicates++;
    const tail = stored === undefined ? "}" : ',"duplicate":true}';
    // Records stamped at log-append time (the commonest) share one ending.
    const appendTail = `,"timestamp":${result.appendTime}${tail}`;
    for (let j = 0; j < positions.length; j++) {
      const i = positions[j] as number;
      const timestamp = stored?.[j] ?? records[i]?.timestamp;
      entries[i] =
        timestamp === undefined
          ? `${head}${result.baseOffset + j}${appendTail}`
          : `${head}${result.baseOffset + j},"timestamp":${timestamp}${tail}`;
    }
  }
  if (failures === shares.length && firstError !== undefined) {
    throw EdgelogError.fromBody(firstError);
  }
  // Every share a retried batch: the whole request was a duplicate.
  const flag = duplicates === shares.length ? ',"duplicate":true' : "";
  return { status: failures > 0 ? 207 : 200, json: `{"offsets":[${entries.join(",")}]${flag}}` };
}
