// edgelog's metrics (design/observability.md, the table of GET /metrics) rendered from what a
// scrape collected: per partition (its leader's status and counters), per group, and whether the
// scrape is partial; share groups and push subscriptions (design/delivery.md). Pure.

import type { QueryPartition } from "../protocol/query-request.js";
import type { SharePartitionDescription } from "../protocol/share-group-request.js";
import type { SubscriptionDescription } from "../protocol/subscription-description.js";
import { Exposition } from "./exposition.js";
import { addHistograms, emptyHistogram, type Histogram } from "./histogram.js";
import type { PartitionLag } from "./lag-probe.js";
import type { PartitionMetricsOk } from "./partition-metrics.js";

export interface PartitionSnapshot {
  topic: string;
  partition: number;
  /** The replica set's size, from the catalog. */
  replicas: number;
  leader: PartitionMetricsOk;
}

export interface GroupSnapshot {
  group: string;
  members: number;
  lags: PartitionLag[];
}

/** A persistent stream SQL query's input partitions (design/stream-sql.md, Metrics). */
export interface QuerySnapshot {
  query: string;
  partitions: QueryPartition[];
}

/** A share group's partitions as `GET /v1/share-groups/:g` describes them. */
export interface ShareGroupSnapshot {
  group: string;
  partitions: SharePartitionDescription[];
}

export interface ScrapeSnapshot {
  partitions: PartitionSnapshot[];
  groups: GroupSnapshot[];
  queries: QuerySnapshot[];
  shareGroups: ShareGroupSnapshot[];
  subscriptions: SubscriptionDescription[];
  /** Something did not answer in time or at all: its series are missing. */
  partial: boolean;
}

const P = "edgelog_partition_";

function declare(): Exposition {
  return new Exposition()
    .family(`${P}log_start_offset`, "gauge", "First offset still in the partition's log.")
    .family(`${P}high_watermark`, "gauge", "Offset below which records are committed.")
    .family(`${P}log_end_offset`, "gauge", "Offset the next appended record gets.")
    .family(`${P}replicas`, "gauge", "Replicas assigned to the partition.")
    .family(`${P}isr_replicas`, "gauge", "Replicas in sync with the leader.")
    .family(`${P}under_replicated`, "gauge", "1 when fewer replicas are in sync than assigned.")
    .family(`${P}leader_epoch`, "gauge", "The partition's current leader epoch.")
    .family(`${P}stored_bytes`, "gauge", "UTF-8 bytes of the records the leader stores.")
    .family("edgelog_records_produced_total", "counter", "Records appended to the log.")
    .family("edgelog_bytes_produced_total", "counter", "Stored bytes of records appended.")
    .family("edgelog_records_fetched_total", "counter", "Records served by fetches and SSE.")
    .family("edgelog_bytes_fetched_total", "counter", "Stored bytes of records served.")
    .family(
      "edgelog_produce_duration_seconds",
      "histogram",
      "Time from a produce's arrival at the leader to its acknowledgement, per partition share.",
    )
    .family("edgelog_group_members", "gauge", "Members of the consumer group.")
    .family(
      "edgelog_group_lag_records",
      "gauge",
      "Records between the group's committed offset and the high watermark.",
    )
    .family(
      "edgelog_group_lag_seconds",
      "gauge",
      "Age of the oldest record the group has not consumed (0 without lag).",
    )
    .family("edgelog_query_lag_records", "gauge", "Input records a stream SQL query has not read.")
    .family("edgelog_query_records_in_total", "counter", "Input records a query processed.")
    .family("edgelog_query_records_out_total", "counter", "Records a query wrote to its output.")
    .family("edgelog_query_errors_total", "counter", "Type mismatches met (a column made NULL).")
    .family(
      "edgelog_query_late_records_total",
      "counter",
      "Records dropped from a window for arriving after its end plus grace.",
    )
    .family(
      "edgelog_share_group_lag_records",
      "gauge",
      "Records of the share partition neither accepted nor archived yet: leased or available.",
    )
    .family(
      "edgelog_share_group_archived_records_total",
      "counter",
      "Records archived: rejected, delivered too often, or removed by retention before acceptance.",
    )
    .family(
      "edgelog_subscription_lag_records",
      "gauge",
      "Records between the subscription's next offset to deliver and the high watermark.",
    )
    .family(
      "edgelog_subscription_delivered_records_total",
      "counter",
      "Records the subscription's endpoint accepted (answered 2xx).",
    )
    .family(
      "edgelog_subscription_dead_lettered_records_total",
      "counter",
      "Records given up on after maxAttempts and written to the dead-letter topic.",
    )
    .family(
      "edgelog_query_records_skipped_total",
      "counter",
      "Input records retention removed before the query read them.",
    )
    .family("edgelog_scrape_partial", "gauge", "1 when some partition or group did not answer.");
}

export function renderMetrics(snapshot: ScrapeSnapshot, bounds: readonly number[]): string {
  const out = declare();
  const durations = new Map<string, Histogram>();
  for (const p of snapshot.partitions) {
    const labels = { topic: p.topic, partition: p.partition };
    const s = p.leader;
    out.sample(`${P}log_start_offset`, labels, s.logStartOffset);
    out.sample(`${P}high_watermark`, labels, s.highWatermark);
    out.sample(`${P}log_end_offset`, labels, s.logEndOffset);
    out.sample(`${P}replicas`, labels, p.replicas);
    out.sample(`${P}isr_replicas`, labels, s.isr.length);
    out.sample(`${P}under_replicated`, labels, s.isr.length < p.replicas ? 1 : 0);
    out.sample(`${P}leader_epoch`, labels, s.leaderEpoch);
    out.sample(`${P}stored_bytes`, labels, s.storage.bytes);
    out.sample("edgelog_records_produced_total", labels, s.counters.recordsIn);
    out.sample("edgelog_bytes_produced_total", labels, s.counters.bytesIn);
    out.sample("edgelog_records_fetched_total", labels, s.counters.recordsOut);
    out.sample("edgelog_bytes_fetched_total", labels, s.counters.bytesOut);
    const seen = durations.get(p.topic) ?? emptyHistogram(bounds);
    durations.set(p.topic, addHistograms(seen, s.counters.produceDuration));
  }
  for (const [topic, h] of durations) {
    out.histogram("edgelog_produce_duration_seconds", { topic }, bounds, h);
  }
  for (const g of snapshot.groups) {
    out.sample("edgelog_group_members", { group: g.group }, g.members);
    for (const lag of g.lags) {
      const labels = { group: g.group, topic: lag.topic, partition: lag.partition };
      if (lag.lagRecords !== null) out.sample("edgelog_group_lag_records", labels, lag.lagRecords);
      if (lag.lagSeconds !== null) out.sample("edgelog_group_lag_seconds", labels, lag.lagSeconds);
    }
  }
  for (const q of snapshot.queries) {
    for (const p of q.partitions) {
      const labels = { query: q.query, partition: p.partition };
      out.sample("edgelog_query_lag_records", labels, p.lagRecords);
      out.sample("edgelog_query_records_in_total", labels, p.recordsIn);
      out.sample("edgelog_query_records_out_total", labels, p.recordsOut);
      out.sample("edgelog_query_errors_total", labels, p.errors);
      out.sample("edgelog_query_late_records_total", labels, p.lateRecordsDropped);
      out.sample("edgelog_query_records_skipped_total", labels, p.recordsSkipped);
    }
  }
  for (const g of snapshot.shareGroups) {
    for (const p of g.partitions) {
      const labels = { group: g.group, topic: p.topic, partition: p.partition };
      out.sample("edgelog_share_group_lag_records", labels, p.leased + p.available);
      out.sample("edgelog_share_group_archived_records_total", labels, p.archived);
    }
  }
  for (const s of snapshot.subscriptions) {
    const labels = { topic: s.topic, subscription: s.name };
    for (const p of s.partitions) {
      if (p.lagRecords === null) continue;
      const partitionLabels = { ...labels, partition: p.partition };
      out.sample("edgelog_subscription_lag_records", partitionLabels, p.lagRecords);
    }
    out.sample("edgelog_subscription_delivered_records_total", labels, s.delivered);
    out.sample("edgelog_subscription_dead_lettered_records_total", labels, s.deadLettered);
  }
  out.sample("edgelog_scrape_partial", {}, snapshot.partial ? 1 : 0);
  return out.text();
}
