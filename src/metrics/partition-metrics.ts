// A partition replica's metrics answers: status and counters for a scrape, per-minute activity,
// and the timestamp of a record (a group's lag in seconds). Read without counting as a fetch.
import type { PartitionLog } from "../log/partition-log.js";
import type { ReplicaStatus } from "../log/partition-rpc.js";
import type { Failure } from "../protocol/errors.js";
import type { ActivityMinute } from "./activity.js";
import type { PartitionCounters } from "./partition-activity.js";

export interface PartitionMetricsOk extends ReplicaStatus {
  counters: PartitionCounters;
}

export interface ActivityMinutesOk {
  ok: true;
  minutes: ActivityMinute[];
}

export interface RecordTimeOk {
  ok: true;
  /** The record's timestamp (ms since the epoch); null when no record is there yet. */
  timestamp: number | null;
}

export function partitionMetrics(
  log: PartitionLog,
  status: () => ReplicaStatus,
  topicId: string,
  now: number,
): PartitionMetricsOk | Failure {
  const meta = log.check(topicId);
  if ("ok" in meta) return meta;
  log.activity.flushIfDue(now);
  return { ...status(), counters: log.activity.counters() };
}

export function partitionActivity(
  log: PartitionLog,
  topicId: string,
  sinceMinute: number,
  now: number,
): ActivityMinutesOk | Failure {
  const meta = log.check(topicId);
  if ("ok" in meta) return meta;
  log.activity.flushIfDue(now);
  return { ok: true, minutes: log.activity.minutes(sinceMinute) };
}

/** The first record at or after `offset` below the high watermark: one record, not counted. */
export function recordTime(
  log: PartitionLog,
  topicId: string,
  offset: number,
): RecordTimeOk | Failure {
  const offsets = log.offsetsNow();
  const from = Math.max(offset, offsets.logStartOffset);
  if (from >= offsets.highWatermark) return { ok: true, timestamp: null };
  const read = log.read({ topicId, offset: from, maxRecords: 1, maxBytes: 1, waitMs: 0 });
  if (!read.ok) return read;
  if (read.count === 0) return { ok: true, timestamp: null };
  const [record] = JSON.parse(`[${read.records}]`) as { timestamp: number }[];
  return { ok: true, timestamp: record?.timestamp ?? null };
}
