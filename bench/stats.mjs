// Latency percentiles of the cases measured in Node (compaction probe, long-poll wake-up).

/** Nearest-rank percentile of an ascending array; null when there are no samples. */
export function percentile(sortedMs, fraction) {
  if (sortedMs.length === 0) return null;
  const rank = Math.ceil(fraction * sortedMs.length);
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1];
}
