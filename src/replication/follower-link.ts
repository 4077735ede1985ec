// What the leader knows of one follower (Kafka's replica state on the leader): how far its log
// goes, when it last had everything, what it was last told, and the push loop's own state.
import type { BatchRow } from "../log/batch-row.js";
import type { CompactionTarget } from "../log/partition-meta-store.js";
import type { ReplicateInput, ReplicateOk } from "../log/partition-rpc.js";
import { asFramedRow } from "../log/row-records.js";

export class FollowerLink {
  /** The follower's log end offset, null until it has answered once. */
  logEndOffset: number | null;
  /** The last time the follower had everything the leader had (Kafka's lastCaughtUpTime). */
  lastCaughtUpAt: number;
  knownHighWatermark = -1;
  knownLogStart = -1;
  knownCompaction: CompactionTarget = { endOffset: -1, time: -1 };
  /**
   * A copy of the compacted log: the follower restarts at the log start and copies up to
   * `endOffset`. Once it accepted the restart (`started`) compaction waits, so the copy is of
   * one state; `rewrites` is the log's count when the copy began, to catch a change before.
   */
  copy: { endOffset: number; started: boolean; progressAt: number; rewrites: number } | null = null;
  divergence: ReplicateInput["divergence"];
  /** The follower said it stores compact rows; until then it is sent framed ones. */
  storesCompactRows = false;
  running = false;
  again = false;
  backoffMs = 0;
  wake: (() => void) | null = null;

  constructor(
    readonly replica: number,
    logEndOffset: number | null,
    now: number,
  ) {
    this.logEndOffset = logEndOffset;
    this.lastCaughtUpAt = now;
  }

  /**
   * Behind the compaction target, a follower would copy compacted batches after records of its
   * own the leader has since dropped (a tombstone gone, say): it starts over at the log start
   * instead (restartAt). True when the next push must be that restart; `rewrites` is the log's
   * count of compaction rewrites now.
   */
  needsRestart(compactionEnd: number, rewrites: number, now: number): boolean {
    if (this.logEndOffset !== null && this.copy === null && this.logEndOffset < compactionEnd) {
      this.copy = { endOffset: compactionEnd, started: false, progressAt: now, rewrites: 0 };
      this.divergence = undefined;
    }
    if (this.copy === null || this.copy.started) return false;
    this.copy.rewrites = rewrites;
    return true;
  }

  /** True when the follower was not yet told this high watermark, log start or compaction. */
  lacks(highWatermark: number, logStartOffset: number, compaction: CompactionTarget): boolean {
    return (
      this.knownHighWatermark < highWatermark ||
      this.knownLogStart < logStartOffset ||
      this.knownCompaction.endOffset !== compaction.endOffset ||
      this.knownCompaction.time !== compaction.time
    );
  }

  /**
   * The follower accepted `request` (its log end now set): it knows what the request told it,
   * and a copy moves on. `rewrites` is the log's count of compaction rewrites now.
   */
  accepted(request: ReplicateInput, rewrites: number, now: number): void {
    this.knownHighWatermark = request.highWatermark;
    this.knownLogStart = request.logStartOffset;
    this.knownCompaction = request.compaction;
    const copy = this.copy;
    if (copy === null) return;
    // Batches rewritten since the copy began: what was copied is of two states, restart.
    copy.started = copy.rewrites === rewrites;
    copy.progressAt = now;
    if (copy.started && (this.logEndOffset ?? 0) >= copy.endOffset) this.copy = null;
  }

  /** Takes what an answer says of the follower's release. */
  answered(answer: ReplicateOk): void {
    this.storesCompactRows = answer.compactRows === true;
  }

  /** Rows as this follower can store them. */
  rowsFor(rows: BatchRow[]): BatchRow[] {
    return this.storesCompactRows ? rows : rows.map(asFramedRow);
  }

  /** True while a started copy makes progress; one stalled past `lagMs` is dropped. */
  copying(now: number, lagMs: number): boolean {
    if (this.copy === null || !this.copy.started) return false;
    if (now - this.copy.progressAt <= lagMs) return true;
    this.copy = null;
    return false;
  }

  /** Waits `ms`, or less if woken (a new append, a stop). */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
