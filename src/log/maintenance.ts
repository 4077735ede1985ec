// Retention and compaction on a partition's alarm (DESIGN.md §4): what one alarm run does, and
// when the next one is due. The leader decides both: it deletes expired batches and starts
// compaction passes; followers delete below the leader's log start and replay its passes.

import {
  COMPACTION_INTERVAL_MS,
  COMPACTION_RECORDS_PER_RUN,
  DELETE_RETENTION_MS_DEFAULT,
  MAINTENANCE_INTERVAL_MS,
  MAINTENANCE_YIELD_MS,
  RETENTION_BATCHES_PER_RUN,
  RETENTION_PAGE_BATCHES,
} from "../protocol/limits.js";
import { compacts, deletes } from "../protocol/topic-request.js";
import type { PartitionLog } from "./partition-log.js";
import { expiryOf, retentionCut } from "./retention.js";

export interface MaintenanceRun {
  /** Batches retention deleted. */
  deletedBatches: number;
  /** Records the compaction step read; 0 when none ran. */
  compactedRecords: number;
  /** When the next run is due (ms since the epoch), or null when nothing will be. */
  nextAt: number | null;
}

export class Maintenance {
  /** When the last compaction pass ended here; passes start at most every interval. */
  private lastPassEndedAt = 0;

  constructor(private readonly log: PartitionLog) {}

  /**
   * One alarm run: bounded retention, then one bounded compaction step, unless `paused` (a
   * follower is copying the compacted log, which must not change under it).
   */
  run(now: number, paused = false): MaintenanceRun {
    const meta = this.log.meta;
    if (meta === null) return { deletedBatches: 0, compactedRecords: 0, nextAt: null };
    let deletedBatches = 0;
    let more = false;
    if (this.log.isLeader && deletes(meta.config.cleanupPolicy)) {
      deletedBatches = this.retain(now);
      more = deletedBatches === RETENTION_BATCHES_PER_RUN;
    }
    let compactedRecords = 0;
    if (compacts(meta.config.cleanupPolicy) && !paused) {
      if (this.log.isLeader && !this.log.compaction.pending) this.startPass(now);
      const step = this.log.compaction.step(COMPACTION_RECORDS_PER_RUN);
      if (step !== null) {
        compactedRecords = step.records;
        if (step.cleanOffset !== null) this.lastPassEndedAt = now;
        else more = true;
      }
    }
    const nextAt = more ? now + MAINTENANCE_YIELD_MS : this.dueAt(now, true);
    return { deletedBatches, compactedRecords, nextAt };
  }

  /** Deletes the oldest batches retention allows; returns how many went. */
  private retain(now: number): number {
    const meta = this.log.meta;
    if (meta === null) return 0;
    const { retentionMs, retentionBytes } = meta.config;
    if (retentionMs === undefined && retentionBytes === undefined) return 0;
    const { highWatermark } = this.log.offsetsNow();
    const limits = {
      now,
      highWatermark,
      storedBytes: this.log.storedBytes,
      ...(retentionMs === undefined ? {} : { retentionMs }),
      ...(retentionBytes === undefined ? {} : { retentionBytes }),
    };
    // Most runs delete a few batches: read more only while every batch read goes.
    let oldest = this.log.store.oldest(RETENTION_PAGE_BATCHES);
    let cut = retentionCut(oldest, limits);
    while (
      cut !== null &&
      cut === oldest[oldest.length - 1]?.endOffset &&
      oldest.length < RETENTION_BATCHES_PER_RUN
    ) {
      const more = this.log.store.oldest(Math.min(2 * oldest.length, RETENTION_BATCHES_PER_RUN));
      if (more.length === oldest.length) break;
      oldest = more;
      cut = retentionCut(oldest, limits);
    }
    if (cut === null) return 0;
    this.log.advanceLogStart(cut);
    return oldest.filter((batch) => batch.endOffset <= cut).length;
  }

  /**
   * The leader's next pass covers the committed log up to the first batch younger than
   * minCompactionLagMs, judged as of `now`. It starts when it would cover records no pass has,
   * or, on a clean log, once deleteRetentionMs has passed so tombstones can age out.
   */
  private startPass(now: number): void {
    const meta = this.log.meta;
    if (meta === null || !this.passDue(now)) return;
    const lagMs = meta.config.minCompactionLagMs ?? 0;
    const { highWatermark, logStartOffset } = this.log.offsetsNow();
    const young = lagMs > 0 ? this.log.store.firstBatchAfterTime(now - lagMs) : null;
    const end = Math.max(
      Math.min(highWatermark, young ?? highWatermark),
      meta.compaction.endOffset,
    );
    if (end <= logStartOffset) return;
    this.log.compaction.setTarget({ endOffset: end, time: now });
  }

  /**
   * When the leader's next pass is due. Like Kafka's cleaner: at once when at least half the
   * records are dirty (min.cleanable.dirty.ratio 0.5) or none ran since start-up; otherwise
   * dirty records wait at most COMPACTION_INTERVAL_MS (so duplicates go within 60 s), and a
   * clean log gets a pass every deleteRetentionMs for its tombstones to age out.
   */
  private passDueAt(now: number): number | null {
    const meta = this.log.meta;
    if (meta === null) return null;
    const { highWatermark, logStartOffset } = this.log.offsetsNow();
    if (highWatermark <= logStartOffset) return null;
    if (this.lastPassEndedAt === 0) return now;
    const dirty = Math.max(0, highWatermark - meta.cleaned.endOffset);
    if (dirty > 0 && 2 * dirty >= this.log.storedRecords) return now;
    if (dirty > 0) return Math.max(now, this.lastPassEndedAt + COMPACTION_INTERVAL_MS);
    const deleteRetentionMs = meta.config.deleteRetentionMs ?? DELETE_RETENTION_MS_DEFAULT;
    return this.lastPassEndedAt + Math.max(COMPACTION_INTERVAL_MS, deleteRetentionMs);
  }

  /** When this leader's next compaction pass is due, or null (not compacted, or a follower). */
  compactionDueAt(now: number): number | null {
    const meta = this.log.meta;
    if (meta === null || !this.log.isLeader || !compacts(meta.config.cleanupPolicy)) return null;
    return this.passDueAt(now);
  }

  /** Whether the leader should start a pass now. */
  private passDue(now: number): boolean {
    const dueAt = this.passDueAt(now);
    return dueAt !== null && dueAt <= now;
  }

  /**
   * When a run is next due (ms since the epoch), or null when nothing will be. `afterRun`: a
   * run just ended, so an expiry already past is one it could not act on yet (uncommitted).
   */
  dueAt(now: number, afterRun = false): number | null {
    const meta = this.log.meta;
    if (meta === null) return null;
    const policy = meta.config.cleanupPolicy;
    const candidates: number[] = [];
    // A pass left pending when the policy stopped compacting waits for it to come back.
    if (this.log.compaction.ready && compacts(policy)) candidates.push(now);
    if (this.log.isLeader && deletes(policy)) {
      const { retentionMs } = meta.config;
      const expiry =
        retentionMs === undefined ? null : expiryOf(this.log.store.oldest(1)[0], retentionMs);
      if (!afterRun && this.overBytes()) candidates.push(now);
      if (expiry !== null) {
        candidates.push(
          expiry > now || !afterRun ? Math.max(expiry, now) : now + MAINTENANCE_INTERVAL_MS,
        );
      }
    }
    const passAt = this.compactionDueAt(now);
    if (passAt !== null) candidates.push(passAt);
    return candidates.length === 0 ? null : Math.min(...candidates);
  }

  /** True when the topic's policy gives an alarm work to do. */
  wanted(): boolean {
    const config = this.log.meta?.config;
    if (config === undefined) return false;
    if (compacts(config.cleanupPolicy)) return true;
    return config.retentionMs !== undefined || config.retentionBytes !== undefined;
  }

  /** True when the log holds more than retentionBytes: an append may have made a batch go. */
  overBytes(): boolean {
    const meta = this.log.meta;
    const retentionBytes = meta?.config.retentionBytes;
    if (meta === null || retentionBytes === undefined || !deletes(meta.config.cleanupPolicy)) {
      return false;
    }
    return this.log.storedBytes > retentionBytes;
  }
}
