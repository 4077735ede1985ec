// Kafka's retention rules over whole batches, oldest first (DESIGN.md §4): a batch goes when its
// newest record is older than retentionMs, or when the batches after it hold retentionBytes or
// more. Only committed batches go, and only as a prefix, so the log start offset just moves up.
import type { BatchSummary } from "./batch-row.js";

export interface RetentionLimits {
  now: number;
  retentionMs?: number;
  retentionBytes?: number;
  /** Bytes of every stored batch. */
  storedBytes: number;
  highWatermark: number;
}

/** The new log start offset (the end of the last batch to delete), or null to keep all. */
export function retentionCut(oldest: BatchSummary[], limits: RetentionLimits): number | null {
  let cut: number | null = null;
  let remaining = limits.storedBytes;
  for (const batch of oldest) {
    if (batch.endOffset > limits.highWatermark) break;
    const expired =
      limits.retentionMs !== undefined && limits.now - batch.maxTimestamp > limits.retentionMs;
    const beyond =
      limits.retentionBytes !== undefined && remaining - batch.byteSize >= limits.retentionBytes;
    if (!expired && !beyond) break;
    cut = batch.endOffset;
    remaining -= batch.byteSize;
  }
  return cut;
}

/** When the oldest batch expires by time (ms since the epoch), or null without retentionMs. */
export function expiryOf(oldest: BatchSummary | undefined, retentionMs?: number): number | null {
  if (oldest === undefined || retentionMs === undefined) return null;
  return oldest.maxTimestamp + retentionMs + 1;
}
