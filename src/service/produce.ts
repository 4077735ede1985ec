// Produce: encode and place every record, append each partition's share atomically on its
// leader, and answer offsets (DESIGN.md §4, POST /v1/topics/:t/records; produce-answer.ts).
import { type EncodedBatch, encodeBatch, sizesNeedNoMeasuring } from "../log/encoded-batch.js";
import type { AppendOk } from "../log/partition-rpc.js";
import { encodeRecord, keyBytesOf } from "../log/record-codec.js";
import { partitionForKey } from "../partitioner.js";
import { EdgelogError, type Failure } from "../protocol/errors.js";
import type { ProduceAnswer, ProduceRequest } from "../protocol/produce-request.js";
import { compacts } from "../protocol/topic-request.js";
import type { ProduceRecord, TopicMetadata } from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { callLeader } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";
import { answerProduce, type ProduceOutcome, type Share } from "./produce-answer.js";

export type { ProduceOutcome } from "./produce-answer.js";

export async function produce(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  request: ProduceRequest,
  answer: ProduceAnswer = "offsets",
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
  return answerProduce(answer, request.records, shares, results);
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
