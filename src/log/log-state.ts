// The rules over a partition's offsets and leadership that need no storage: who leads, when
// the leader alone is the ISR, what a restart recovers, and the storage counts kept in memory.
import type { BatchRow, StorageStats } from "./batch-row.js";
import type { StepOutcome } from "./compaction.js";
import type { PartitionMeta } from "./partition-meta-store.js";

type Leadership = Pick<PartitionMeta, "leader" | "replica" | "isr">;

export function leads(meta: Leadership | null): boolean {
  return meta !== null && meta.leader === meta.replica;
}

/** True when this replica leads and is the whole ISR: its log end is the high watermark. */
export function soleInSync(meta: Leadership | null): boolean {
  return leads(meta) && meta?.isr.length === 1 && meta.isr[0] === meta.replica;
}

/** Retention may have deleted every batch: the log then ends where it starts. */
export function recoveredLogEnd(lastBatchEnd: number | null, meta: PartitionMeta | null): number {
  return Math.max(lastBatchEnd ?? 0, meta?.logStartOffset ?? 0);
}

/**
 * The high watermark a restart resumes from: the log end with no other in-sync replica (all
 * stored is committed), else the stored one, within the log.
 */
export function recoveredHighWatermark(meta: PartitionMeta | null, logEnd: number): number {
  if (meta === null) return 0;
  if (soleInSync(meta)) return logEnd;
  return Math.min(Math.max(meta.highWatermark, meta.logStartOffset), logEnd);
}

/** Bytes, batches and records stored, kept in step with every change instead of recounted. */
export class StorageCounts {
  private stats: StorageStats;

  constructor(private readonly count: () => StorageStats) {
    this.stats = count();
  }

  get bytes(): number {
    return this.stats.bytes;
  }

  get records(): number {
    return this.stats.records;
  }

  snapshot(): StorageStats {
    return { ...this.stats };
  }

  /** After a change too wide to follow (truncation, retention): counts anew. */
  recount(): void {
    this.stats = this.count();
  }

  cleared(): void {
    this.stats = { bytes: 0, batches: 0, records: 0 };
  }

  added(rows: BatchRow[]): void {
    for (const row of rows) {
      this.stats.bytes += row.byteSize;
      this.stats.batches++;
      this.stats.records += row.recordCount;
    }
  }

  compacted(outcome: StepOutcome): void {
    this.stats.bytes -= outcome.freedBytes;
    this.stats.records -= outcome.freedRecords;
    this.stats.batches -= outcome.deletedBatches;
  }
}
