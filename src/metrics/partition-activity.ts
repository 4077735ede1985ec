// A partition replica's counters and per-minute activity (design/observability.md), kept in its
// own SQLite. Appends are counted in the append's own transaction (one upsert statement).
// Fetches and produce latencies are counted in memory and written with the next append, or by
// the first call (fetch, status, alarm) once they are METRICS_FLUSH_MS old: a fetch never waits
// on a write of its own. A crash or eviction loses at most the fetches and latencies of the last
// METRICS_FLUSH_MS before it; appends' counts are never lost.

import type { Sql } from "../log/sql.js";
import {
  ACTIVITY_MINUTES_KEPT,
  METRICS_FLUSH_MS,
  PRODUCE_DURATION_BUCKETS_SECONDS,
} from "../protocol/limits.js";
import {
  type Activity,
  type ActivityMinute,
  addActivity,
  MINUTE_MS,
  minuteOf,
  NO_ACTIVITY,
  sumMinutes,
} from "./activity.js";
import { ActivityStore } from "./activity-store.js";
import {
  addHistograms,
  emptyHistogram,
  type Histogram,
  observe,
  parseHistogram,
} from "./histogram.js";

/** What a scrape reads of a partition: totals so far and the produce latency histogram. */
export interface PartitionCounters extends Activity {
  produceDuration: Histogram;
}

const BOUNDS = PRODUCE_DURATION_BUCKETS_SECONDS;

export class PartitionActivity {
  private readonly store: ActivityStore;
  /** Everything written so far (trimmed totals plus kept minutes). */
  private written: Activity;
  private histogram: Histogram;
  /** Fetches counted but not written, per minute. */
  private pendingOut = new Map<number, Activity>();
  private pendingHistogram = emptyHistogram(BOUNDS);
  /** When the oldest unwritten count was made; null: nothing pending. */
  private pendingSince: number | null = null;
  /** The newest minute written to: a write in a later one trims what fell out of the window. */
  private lastMinute = 0;

  constructor(sql: Sql) {
    this.store = new ActivityStore(sql);
    this.written = this.store.sum();
    const saved = this.store.totals();
    this.histogram =
      saved === null ? emptyHistogram(BOUNDS) : parseHistogram(saved.histogram, BOUNDS);
  }

  /** Records appended to the log; call inside the append's transaction. */
  appended(records: number, bytes: number, now: number): void {
    const minute = minuteOf(now);
    const out = this.pendingOut.get(minute) ?? NO_ACTIVITY;
    this.pendingOut.delete(minute);
    const added = { ...out, recordsIn: records, bytesIn: bytes };
    this.store.add(minute, added);
    this.written = addActivity(this.written, added);
    if (minute > this.lastMinute || this.pendingOut.size > 0) this.flush(now);
    else if (this.pendingHistogram.count === 0) this.pendingSince = null;
    else this.flushIfDue(now);
  }

  /** Records served by a fetch or an SSE read (none: nothing to count). */
  served(records: number, bytes: number, now: number): void {
    if (records === 0) return;
    const minute = minuteOf(now);
    const seen = this.pendingOut.get(minute) ?? NO_ACTIVITY;
    this.pendingOut.set(minute, {
      ...seen,
      recordsOut: seen.recordsOut + records,
      bytesOut: seen.bytesOut + bytes,
    });
    this.pendingSince ??= now;
    this.flushIfDue(now);
  }

  /** A produce acknowledged by the leader: its time from arrival to now. */
  acknowledged(arrivedAt: number, now: number): void {
    observe(this.pendingHistogram, BOUNDS, (now - arrivedAt) / 1000);
    this.pendingSince ??= now;
    this.flushIfDue(now);
  }

  /** Writes what is pending once it is METRICS_FLUSH_MS old (piggy-backed on any call). */
  flushIfDue(now: number): void {
    if (this.pendingSince !== null && now - this.pendingSince >= METRICS_FLUSH_MS) this.flush(now);
  }

  /** Writes pending counts and trims minutes older than the window, in one transaction. */
  private flush(now: number): void {
    for (const [minute, out] of this.pendingOut) {
      this.store.add(minute, out);
      this.written = addActivity(this.written, out);
    }
    this.pendingOut.clear();
    this.histogram = addHistograms(this.histogram, this.pendingHistogram);
    this.pendingHistogram = emptyHistogram(BOUNDS);
    this.pendingSince = null;
    const minute = minuteOf(now);
    const histogram = JSON.stringify(this.histogram);
    if (minute > this.lastMinute) {
      this.store.trimBefore(minute - (ACTIVITY_MINUTES_KEPT - 1) * MINUTE_MS, histogram);
      this.lastMinute = minute;
    } else {
      this.store.saveHistogram(histogram);
    }
  }

  /** Totals so far, what is still in memory included. */
  counters(): PartitionCounters {
    let total = this.written;
    for (const out of this.pendingOut.values()) total = addActivity(total, out);
    return { ...total, produceDuration: addHistograms(this.histogram, this.pendingHistogram) };
  }

  /** Minute rows from `sinceMinute` on, oldest first, what is still in memory included. */
  minutes(sinceMinute: number): ActivityMinute[] {
    const pending = [...this.pendingOut].map(([minute, a]) => ({ minute, ...a }));
    return sumMinutes([
      this.store.minutes(sinceMinute),
      pending.filter((m) => m.minute >= sinceMinute),
    ]);
  }

  /** A new incarnation of the topic starts from zero. */
  clear(): void {
    this.store.clear();
    this.written = { ...NO_ACTIVITY };
    this.histogram = emptyHistogram(BOUNDS);
    this.pendingOut.clear();
    this.pendingHistogram = emptyHistogram(BOUNDS);
    this.pendingSince = null;
  }
}
