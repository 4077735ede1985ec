// Fetch and offsets: read a partition (from its leader, or a chosen replica up to the high
// watermark it knows), passing stored record text through.
import type { OffsetsOk, ReadOk } from "../log/partition-rpc.js";
import type { Cluster } from "./cluster.js";
import { callForRead, type ReplicaChoice } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

export interface FetchQuery {
  /** null: from the log start offset. */
  offset: number | null;
  maxRecords: number;
  maxBytes: number;
  waitMs: number;
  replica: ReplicaChoice;
}

export function fetchRecords(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
  query: FetchQuery,
): Promise<ReadOk> {
  const { replica: choice, ...read } = query;
  return callForRead(cluster, cache, topicName, partition, choice, (ref) =>
    ref.replica.read({ topicId: ref.topic.topicId, ...read }),
  );
}

/**
 * The fetch answer's JSON in three parts around the stored record text, which is passed through
 * without re-encoding: joined into one string, it would be copied once to join and again to encode.
 */
export function fetchResponseParts(read: ReadOk): { head: string; records: string; tail: string } {
  return {
    head: '{"records":[',
    records: read.records,
    tail:
      `],"nextOffset":${read.nextOffset},` +
      `"highWatermark":${read.highWatermark},"logStartOffset":${read.logStartOffset}}`,
  };
}

export async function partitionOffsets(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
  timestamp: number | null,
  choice: ReplicaChoice = "leader",
): Promise<Omit<OffsetsOk, "ok">> {
  const { ok: _, ...offsets } = await callForRead(
    cluster,
    cache,
    topicName,
    partition,
    choice,
    (ref) => ref.replica.offsets(ref.topic.topicId, timestamp),
  );
  return offsets;
}
