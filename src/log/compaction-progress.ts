// Which compaction pass a partition runs, and its progress: targets only grow, one pass runs at
// a time in bounded steps, and each completed step's progress is saved with the partition's
// metadata. The pass itself (what it keeps) is compaction.ts.
import { DELETE_RETENTION_MS_DEFAULT } from "../protocol/limits.js";
import type { BatchStore } from "./batch-store.js";
import { CompactionPass, type StepOutcome } from "./compaction.js";
import type { CompactionTarget, PartitionMeta } from "./partition-meta-store.js";

/** What the progress needs of its partition log. */
export interface CompactionHost {
  readonly store: BatchStore;
  /** The partition's metadata as it stands (the progress updates its compaction fields). */
  meta(): PartitionMeta | null;
  highWatermark(): number;
  saveMeta(meta: PartitionMeta): void;
  /** A step rewrote or deleted batches: caches of their old texts and sizes are stale. */
  rewrote(outcome: StepOutcome): void;
}

/**
 * True when `target` moves on from `current`: a later end or time, never an earlier one, so
 * replaying passes in any order keeps the same records.
 */
export function targetAdvances(current: CompactionTarget, target: CompactionTarget): boolean {
  if (target.endOffset < current.endOffset || target.time < current.time) return false;
  return target.endOffset !== current.endOffset || target.time !== current.time;
}

/** True while the newest pass asked for (`compaction`) is not complete (`cleaned`). */
export function passPending(meta: Pick<PartitionMeta, "compaction" | "cleaned">): boolean {
  const { compaction, cleaned } = meta;
  return compaction.endOffset > cleaned.endOffset || compaction.time > cleaned.time;
}

export class CompactionProgress {
  /** The pass in progress (its key map lives in memory; a restart begins it anew). */
  private pass: CompactionPass | null = null;
  /** Counts steps that rewrote batches: a copy spanning a change is not of one state. */
  rewrites = 0;

  constructor(private readonly host: CompactionHost) {}

  /** The log changed under the pass (truncated, cleared): it starts anew when next due. */
  reset(): void {
    this.pass = null;
  }

  /** Records a pass to run: this leader's own, or one its leader ran. */
  setTarget(target: CompactionTarget): boolean {
    const meta = this.host.meta();
    if (meta === null || !targetAdvances(meta.compaction, target)) return false;
    meta.compaction = target;
    this.host.saveMeta(meta);
    this.pass = null;
    return true;
  }

  /** True while a compaction pass is asked for and not complete. */
  get pending(): boolean {
    const meta = this.host.meta();
    return meta !== null && passPending(meta);
  }

  /** True when a pass is pending and this log holds everything it covers. */
  get ready(): boolean {
    const end = this.host.meta()?.compaction.endOffset ?? 0;
    return this.pending && end <= this.host.highWatermark();
  }

  /** The pass to work on, when one is ready. */
  private readyPass(meta: PartitionMeta): CompactionPass | null {
    if (!this.ready) return null;
    const target = meta.compaction;
    const deleteRetentionMs = meta.config.deleteRetentionMs ?? DELETE_RETENTION_MS_DEFAULT;
    if (this.pass === null || this.pass.target !== target) {
      this.pass = new CompactionPass(target, meta.cleaned.endOffset, deleteRetentionMs);
    }
    return this.pass;
  }

  /** One bounded step of the ready pass, or null when none can run. */
  step(budget: number): StepOutcome | null {
    const meta = this.host.meta();
    const pass = meta === null ? null : this.readyPass(meta);
    if (meta === null || pass === null) return null;
    const store = this.host.store;
    const outcome = store.transaction(() => {
      const step = pass.step(store, meta.logStartOffset, budget);
      if (step.cleanOffset !== null) {
        // A pass whose key map filled cleaned less than asked: the next goes on from there.
        const endOffset = step.cleanOffset;
        meta.cleaned = { endOffset, time: pass.target.time };
        if (endOffset < pass.target.endOffset) meta.compaction = meta.cleaned;
        this.host.saveMeta(meta);
      }
      return step;
    });
    if (outcome.changedBatches > 0) {
      this.rewrites++;
      this.host.rewrote(outcome);
    }
    if (outcome.cleanOffset !== null) this.pass = null;
    return outcome;
  }
}
