// Fetch and offsets: read a partition from its leader, passing stored record text through.
import type { OffsetsOk, ReadOk } from "../log/partition-rpc.js";
import type { Cluster } from "./cluster.js";
import { callReplica, leaderOf } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

export interface FetchQuery {
  /** null: from the log start offset. */
  offset: number | null;
  maxRecords: number;
  maxBytes: number;
  waitMs: number;
}

export async function fetchRecords(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
  query: FetchQuery,
): Promise<ReadOk> {
  const leader = await leaderOf(cluster, cache, topicName, partition);
  return callReplica(cache, leader, (replica) =>
    replica.read({ topicId: leader.topic.topicId, ...query }),
  );
}

/** The fetch answer's JSON, built around the stored record text without re-encoding it. */
export function fetchResponseJson(read: ReadOk): string {
  return (
    `{"records":[${read.records}],"nextOffset":${read.nextOffset},` +
    `"highWatermark":${read.highWatermark},"logStartOffset":${read.logStartOffset}}`
  );
}

export async function partitionOffsets(
  cluster: Cluster,
  cache: MetadataCache,
  topicName: string,
  partition: number,
  timestamp: number | null,
): Promise<Omit<OffsetsOk, "ok">> {
  const leader = await leaderOf(cluster, cache, topicName, partition);
  const { ok: _, ...offsets } = await callReplica(cache, leader, (replica) =>
    replica.offsets(leader.topic.topicId, timestamp),
  );
  return offsets;
}
