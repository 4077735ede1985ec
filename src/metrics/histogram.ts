// A Prometheus histogram's state (cumulative counts per upper bound, sum, count) as plain data,
// so a partition can persist it and a scrape can add several partitions' together.
export interface Histogram {
  /** Observations at or below each bound of the bucket list, not cumulative across buckets. */
  counts: number[];
  sum: number;
  count: number;
}

export function emptyHistogram(bounds: readonly number[]): Histogram {
  return { counts: bounds.map(() => 0), sum: 0, count: 0 };
}

/** Counts `value` in the first bucket whose bound holds it (+Inf is `count` itself). */
export function observe(h: Histogram, bounds: readonly number[], value: number): void {
  const i = bounds.findIndex((bound) => value <= bound);
  if (i >= 0) h.counts[i] = (h.counts[i] ?? 0) + 1;
  h.sum += value;
  h.count += 1;
}

export function addHistograms(a: Histogram, b: Histogram): Histogram {
  return {
    counts: a.counts.map((n, i) => n + (b.counts[i] ?? 0)),
    sum: a.sum + b.sum,
    count: a.count + b.count,
  };
}

/** A stored histogram; one saved with another bucket list starts again from empty. */
export function parseHistogram(text: string, bounds: readonly number[]): Histogram {
  const parsed = JSON.parse(text) as Histogram;
  if (parsed.counts.length !== bounds.length) return emptyHistogram(bounds);
  return parsed;
}
