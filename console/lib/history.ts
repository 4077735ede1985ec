// The history endpoints' answers (design/observability.md, "History over HTTP") shaped into
// chart series and their summaries in words: pure, so unit tests pin them.
import { formatCount, formatSeconds } from "./format.js";

/** One line of a chart: its label and a value per x (null where there is none). */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

/** One minute of `GET /v1/topics/:t/activity`, summed over the topic's partitions. */
export interface ActivityMinute {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  recordsIn: number;
  bytesIn: number;
  recordsOut: number;
  bytesOut: number;
}

/** One sample of `GET /v1/groups/:g/lag-history`. */
export interface LagSample {
  timestamp: number;
  topic: string;
  lagRecords: number;
  lagSeconds: number;
}

const MINUTE_MS = 60_000;

/**
 * Records per second in and out for each of the `count` whole minutes up to the one holding
 * `nowMs`: a minute the answer omits had no activity, so it is 0, not a gap.
 */
export function activityRates(
  minutes: ActivityMinute[],
  nowMs: number,
  count: number,
): { seconds: number[]; series: ChartSeries[] } {
  const byMinute = new Map(minutes.map((m) => [m.minute, m]));
  const last = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const seconds: number[] = [];
  const recordsIn: number[] = [];
  const recordsOut: number[] = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const minute = last - i * MINUTE_MS;
    const found = byMinute.get(minute);
    seconds.push(minute / 1000);
    recordsIn.push((found?.recordsIn ?? 0) / 60);
    recordsOut.push((found?.recordsOut ?? 0) / 60);
  }
  return {
    seconds,
    series: [
      { label: "records/s in", values: recordsIn },
      { label: "records/s out", values: recordsOut },
    ],
  };
}

/**
 * Lag in records per topic over time: one x per sample time (seconds), one series per topic,
 * null where a topic has no sample at that time.
 */
export function lagSeries(samples: LagSample[]): { seconds: number[]; series: ChartSeries[] } {
  const times = [...new Set(samples.map((s) => s.timestamp))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const topics = [...new Set(samples.map((s) => s.topic))].sort();
  const series = topics.map((topic) => {
    const values: Array<number | null> = times.map(() => null);
    for (const sample of samples) {
      const at = index.get(sample.timestamp);
      if (sample.topic === topic && at !== undefined) values[at] = sample.lagRecords;
    }
    return { label: `${topic} lag (records)`, values };
  });
  return { seconds: times.map((t) => t / 1000), series };
}

/** What an activity chart shows, in words: the records in and out over its span. */
export function activitySummary(minutes: ActivityMinute[], count: number): string {
  const recordsIn = minutes.reduce((sum, m) => sum + m.recordsIn, 0);
  const recordsOut = minutes.reduce((sum, m) => sum + m.recordsOut, 0);
  return (
    `${formatCount(recordsIn)} records in and ${formatCount(recordsOut)} out over the last ` +
    `${formatCount(count)} minutes.`
  );
}

/** What a lag chart shows, in words: each topic's lag at its latest sample. */
export function lagSummary(samples: LagSample[]): string {
  if (samples.length === 0) return "No lag samples yet.";
  const latest = new Map<string, LagSample>();
  for (const sample of samples) {
    const seen = latest.get(sample.topic);
    if (seen === undefined || sample.timestamp >= seen.timestamp) latest.set(sample.topic, sample);
  }
  const parts = [...latest.values()]
    .sort((a, b) => a.topic.localeCompare(b.topic))
    .map(
      (s) => `${s.topic}: ${formatCount(s.lagRecords)} records (${formatSeconds(s.lagSeconds)})`,
    );
  return `Latest lag: ${parts.join("; ")}.`;
}
