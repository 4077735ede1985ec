// `edgelog top`'s arithmetic and table: per topic, the records and bytes counted since the view
// started (from the topic's per-minute activity), and rates between two snapshots. Pure.
import type { ActivityMinute } from "../protocol/types.js";
import { type Cell, table } from "./format.js";

const MINUTE_MS = 60_000;

/** The activity API serves at most 24 h: past that the view starts its window again. */
export const TOP_WINDOW_MINUTES_MAX = 1_440;

export interface TopicTotals {
  topic: string;
  partitions: number;
  recordsIn: number;
  bytesIn: number;
  recordsOut: number;
  bytesOut: number;
}

export interface TopicRates {
  topic: string;
  partitions: number;
  /** Per second since the previous snapshot; null on the first one (nothing to compare). */
  recordsInPerSec: number | null;
  recordsOutPerSec: number | null;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
}

export function minuteOf(timeMs: number): number {
  return timeMs - (timeMs % MINUTE_MS);
}

/** Minutes to ask for so that the answer reaches back to `sinceMinute`. */
export function minutesSince(sinceMinute: number, nowMs: number): number {
  return Math.floor((minuteOf(nowMs) - sinceMinute) / MINUTE_MS) + 1;
}

/** What the minutes from `sinceMinute` on add up to: these only grow between snapshots. */
export function totalsSince(
  topic: string,
  partitions: number,
  minutes: ActivityMinute[],
  sinceMinute: number,
): TopicTotals {
  const totals = { topic, partitions, recordsIn: 0, bytesIn: 0, recordsOut: 0, bytesOut: 0 };
  for (const m of minutes) {
    if (m.minute < sinceMinute) continue;
    totals.recordsIn += m.recordsIn;
    totals.bytesIn += m.bytesIn;
    totals.recordsOut += m.recordsOut;
    totals.bytesOut += m.bytesOut;
  }
  return totals;
}

/** Rates between two snapshots `elapsedMs` apart; a topic new in `next` has none yet. */
export function ratesBetween(
  previous: TopicTotals[] | null,
  next: TopicTotals[],
  elapsedMs: number,
): TopicRates[] {
  const before = new Map((previous ?? []).map((t) => [t.topic, t]));
  return next.map((t) => {
    const p = before.get(t.topic);
    const rate = (key: "recordsIn" | "bytesIn" | "recordsOut" | "bytesOut") =>
      p === undefined || elapsedMs <= 0 ? null : Math.max(0, t[key] - p[key]) / (elapsedMs / 1000);
    return {
      topic: t.topic,
      partitions: t.partitions,
      recordsInPerSec: rate("recordsIn"),
      recordsOutPerSec: rate("recordsOut"),
      bytesInPerSec: rate("bytesIn"),
      bytesOutPerSec: rate("bytesOut"),
    };
  });
}

/** One decimal below 100 (and whole numbers as they are), whole numbers from 100 on. */
function rateText(perSec: number | null): Cell {
  if (perSec === null) return null;
  return perSec >= 100 ? Math.round(perSec) : Math.round(perSec * 10) / 10;
}

export function topText(rates: TopicRates[]): string {
  const rows = rates.map((r) => [
    r.topic,
    r.partitions,
    rateText(r.recordsInPerSec),
    rateText(r.recordsOutPerSec),
    rateText(r.bytesInPerSec),
    rateText(r.bytesOutPerSec),
  ]);
  return table(["TOPIC", "PARTITIONS", "IN/S", "OUT/S", "IN-BYTES/S", "OUT-BYTES/S"], rows);
}
