// Produce: encode and place every record, append each partition's share atomically on its
// leader, and answer offsets in request order (DESIGN.md §4, POST /v1/topics/:t/records).
import type { AppendOk } from "../log/partition-rpc.js";
import { type EncodedRecord, encodeRecord } from "../log/record-codec.js";
import { partitionForKey } from "../partitioner.js";
import { EdgelogError, type ErrorBody, type Failure } from "../protocol/errors.js";
import type { ProduceRequest } from "../protocol/produce-request.js";
import type { ProduceRecord, ProduceResponse, TopicMetadata } from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { callLeader } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

export type ProduceOutcome =
  | { status: 200 | 207; body: ProduceResponse }
  | { status: 202; body: null };

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
  if (request.producer !== undefined) {
    throw new EdgelogError(
      "INVALID_REQUEST",
      "idempotent producers (`producer`) are not served by this version",
    );
  }
  const topic = await cache.get(cluster.catalog, topicName);
  const encoded = request.records.map(encodeRecord);
  const shares = placeRecords(request.records, encoded, topic.partitions.length);
  const appends = shares.map((share) =>
    appendShare(cluster, cache, topic, share, request, encoded),
  );
  if (request.acks === 0) {
    cluster.waitUntil(Promise.all(appends));
    return { status: 202, body: null };
  }
  const results = await Promise.all(appends);
  return assemble(request.records, shares, results);
}

/** Explicit partition, else Kafka's murmur2 of the key, else one sticky partition per request. */
function placeRecords(
  records: ProduceRecord[],
  encoded: EncodedRecord[],
  partitionCount: number,
): Share[] {
  const sticky = Math.floor(Math.random() * partitionCount);
  const byPartition = new Map<number, number[]>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ProduceRecord;
    const keyBytes = (encoded[i] as EncodedRecord).keyBytes;
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
  share: Share,
  request: ProduceRequest,
  encoded: EncodedRecord[],
): Promise<AppendOk | Failure> {
  const bodies: string[] = [];
  const bodyBytes: number[] = [];
  const timestamps: number[] = [];
  for (const i of share.positions) {
    const record = encoded[i] as EncodedRecord;
    bodies.push(record.body);
    bodyBytes.push(record.bodyBytes);
    timestamps.push(request.records[i]?.timestamp ?? -1);
  }
  // acks=0 still waits for the leader inside the object; only the HTTP answer does not.
  const acks = request.acks === 0 ? 1 : request.acks;
  // A produce is retried only where nothing can have been appended (retryUnknown: false).
  return callLeader(
    cluster,
    cache,
    topic.name,
    share.partition,
    (ref) =>
      ref.replica.append({
        topicId: ref.topic.topicId,
        leaderEpoch: ref.assignment.leaderEpoch,
        acks,
        bodies,
        bodyBytes,
        timestamps,
      }),
    { retryUnknown: false },
  );
}

function assemble(
  records: ProduceRecord[],
  shares: Share[],
  results: Array<AppendOk | Failure>,
): ProduceOutcome {
  const offsets: ProduceResponse["offsets"] = new Array(records.length);
  let failures = 0;
  let firstError: ErrorBody | undefined;
  for (let s = 0; s < shares.length; s++) {
    const { partition, positions } = shares[s] as Share;
    const result = results[s] as AppendOk | Failure;
    if (!result.ok) {
      failures++;
      firstError ??= result.error;
      for (const i of positions) offsets[i] = { partition, error: result.error };
      continue;
    }
    for (let j = 0; j < positions.length; j++) {
      const i = positions[j] as number;
      const timestamp = records[i]?.timestamp ?? result.appendTime;
      offsets[i] = { partition, offset: result.baseOffset + j, timestamp };
    }
  }
  if (failures === shares.length && firstError !== undefined) {
    throw EdgelogError.fromBody(firstError);
  }
  return { status: failures > 0 ? 207 : 200, body: { offsets } };
}
