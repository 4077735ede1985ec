// One replica's log and the state that must move with it (metadata, log end, high watermark):
// assigns dense offsets, frames and stores batches atomically, applies the leader's batches on
// followers, truncates and moves the log start. Synchronous by design: a Durable Object runs each
// call's synchronous part alone, so offset assignment needs no locks.
//
// Its other concerns live apart: reads (log-reads.ts, record-reader.ts), compaction progress
// (compaction-progress.ts), KIP-101 divergence (divergence.ts), restart recovery and storage
// counts (log-state.ts); every SQL string is in the stores (batch-store.ts and its siblings).

import { PartitionActivity } from "../metrics/partition-activity.js";
import { countRows } from "../metrics/row-counts.js";
import { type Failure, fail } from "../protocol/errors.js";
import type { PartitionOffsets } from "../protocol/types.js";
import { compactRows } from "./batch-framing.js";
import { type BatchRow, endAfterRows, type ProducerBatch, type StorageStats } from "./batch-row.js";
import { BatchStore } from "./batch-store.js";
import { CompactionProgress } from "./compaction-progress.js";
import {
  type DivergencePoint,
  divergencePoint,
  endOffsetForEpoch,
  truncationPoint,
} from "./divergence.js";
import { type EncodedBatch, recordCountOf } from "./encoded-batch.js";
import { LeaderEpochs } from "./leader-epochs.js";
import { offsetsAt, readLog } from "./log-reads.js";
import {
  leads,
  recoveredHighWatermark,
  recoveredLogEnd,
  StorageCounts,
  soleInSync,
} from "./log-state.js";
import {
  type CompactionTarget,
  type PartitionMeta,
  PartitionMetaStore,
} from "./partition-meta-store.js";
import type { Assignment, OffsetsOk, ReadInput, ReadOk } from "./partition-rpc.js";
import { PARTITION_MIGRATIONS } from "./partition-schema.js";
import { RecentBatches } from "./recent-batches.js";
import { migrate, type Sql, type Transaction } from "./sql.js";

export interface LocalAppend {
  baseOffset: number;
  appendTime: number;
}

export class PartitionLog {
  readonly store: BatchStore;
  private readonly metaStore: PartitionMetaStore;
  private readonly epochs: LeaderEpochs;
  private state: PartitionMeta | null;
  private logEnd: number;
  private highWatermark: number;
  private readonly counts: StorageCounts;
  private readonly recent = new RecentBatches();
  readonly compaction: CompactionProgress;
  /** Counters and per-minute activity (metrics/): appends are counted in their transaction. */
  readonly activity: PartitionActivity;

  constructor(sql: Sql, transaction: Transaction) {
    migrate(sql, transaction, PARTITION_MIGRATIONS);
    this.store = new BatchStore(sql, transaction);
    this.activity = new PartitionActivity(sql);
    this.metaStore = new PartitionMetaStore(sql);
    this.epochs = new LeaderEpochs(sql);
    this.state = this.metaStore.load();
    this.logEnd = recoveredLogEnd(this.store.lastBatchEnd(), this.state);
    this.highWatermark = recoveredHighWatermark(this.state, this.logEnd);
    this.counts = new StorageCounts(() => this.store.stats());
    this.compaction = new CompactionProgress({
      store: this.store,
      meta: () => this.state,
      highWatermark: () => this.highWatermark,
      saveMeta: (state) => this.saveMeta(state),
      rewrote: (outcome) => {
        // Thinned batches replace stored ones: the push cache must not serve the old texts.
        this.recent.clear();
        this.counts.compacted(outcome);
      },
    });
  }

  get meta(): PartitionMeta | null {
    return this.state;
  }

  get logEndOffset(): number {
    return this.logEnd;
  }

  get isLeader(): boolean {
    return leads(this.state);
  }

  /** True when this replica leads and is the whole ISR: its log end is the high watermark. */
  soleInSync(): boolean {
    return soleInSync(this.state);
  }

  /** Binds this replica to a topic incarnation; a different topic id wipes the old log. */
  init(input: Assignment): void {
    if (this.state !== null && this.state.topicId === input.topicId) {
      // Same incarnation: only the config changes here; leadership moves by election, and the
      // log, its end and its high watermark stay as they are (a reader's never goes back).
      this.state = { ...this.state, config: input.config, replicas: input.replicas };
      this.saveMeta(this.state);
      return;
    }
    this.clearLog();
    this.activity.clear();
    this.state = {
      ...input,
      logStartOffset: 0,
      highWatermark: 0,
      cleaned: { endOffset: 0, time: 0 },
      compaction: { endOffset: 0, time: 0 },
    };
    this.logEnd = 0;
    this.highWatermark = 0;
    this.saveMeta(this.state);
  }

  /**
   * Saves the partition's metadata with the high watermark as it stands: the stored row is what
   * a restart recovers, so it must not carry an older one than readers have seen (KIP-207).
   */
  private saveMeta(state: PartitionMeta): void {
    state.highWatermark = this.highWatermark;
    this.metaStore.save(state);
  }

  drop(topicId: string): void {
    if (this.state?.topicId !== topicId) return;
    this.clearLog();
    this.activity.clear();
    this.metaStore.delete();
    this.state = null;
    this.logEnd = 0;
    this.highWatermark = 0;
  }

  private clearLog(): void {
    this.compaction.reset();
    this.store.transaction(() => {
      this.store.clear();
      this.epochs.clear();
    });
    this.recent.clear();
    this.counts.cleared();
  }

  /** Fences calls aimed at another (deleted or recreated) incarnation of the topic. */
  check(topicId: string): Failure | PartitionMeta {
    if (this.state === null || this.state.topicId !== topicId) {
      return fail("TOPIC_NOT_FOUND", "this partition belongs to no live topic of that id");
    }
    return this.state;
  }

  /** Records a new leadership view (epoch, leader, replicas, ISR). */
  setLeadership(update: Pick<PartitionMeta, "leader" | "leaderEpoch" | "replicas" | "isr">): void {
    if (this.state === null) return;
    // The cache must hold one contiguous run of this leader's appends: a new term starts anew.
    if (update.leaderEpoch !== this.state.leaderEpoch) this.recent.clear();
    this.state = { ...this.state, ...update };
    this.saveMeta(this.state);
    if (this.soleInSync()) this.advanceHighWatermark(this.logEnd);
  }

  setIsr(isr: number[]): void {
    if (this.state === null) return;
    this.setLeadership({ ...this.state, isr });
  }

  /** The high watermark this replica knows: readers see the records below it. */
  get highWatermarkOffset(): number {
    return this.highWatermark;
  }

  offsetsNow(): PartitionOffsets {
    return {
      logStartOffset: this.state?.logStartOffset ?? 0,
      highWatermark: this.highWatermark,
      logEndOffset: this.logEnd,
    };
  }

  /**
   * Moves the high watermark forward (never back, KIP-207). A leader with followers in sync
   * persists it, so a restart cannot show readers an older one; alone in the ISR it is the log
   * end, and a follower's is only what it last heard (it learns the current one within 1 s).
   * Returns true when it moved.
   */
  advanceHighWatermark(candidate: number): boolean {
    const next = Math.min(candidate, this.logEnd);
    if (next <= this.highWatermark) return false;
    this.highWatermark = next;
    if (this.isLeader && !this.soleInSync()) this.metaStore.saveHighWatermark(next);
    return true;
  }

  /**
   * The leader's append, the store end of the produce hot path (gateway: encoded-batch.ts; leader:
   * leader-append.ts): assigns offsets, cuts compact rows (batch-framing.ts) and stores them
   * (batch-store.ts) in one transaction.
   */
  appendLocal(batch: EncodedBatch, producer: ProducerBatch | null = null): LocalAppend {
    const epoch = this.state?.leaderEpoch ?? 0;
    const baseOffset = this.logEnd;
    const appendTime = Date.now();
    const rows = compactRows(batch, baseOffset, appendTime, epoch, producer);
    this.store.transaction(() => {
      this.epochs.assign(epoch, baseOffset);
      for (const row of rows) this.store.insert(row);
      countRows(this.activity, rows, appendTime);
    });
    this.remember(rows);
    this.logEnd = baseOffset + recordCountOf(batch);
    if (this.soleInSync()) this.advanceHighWatermark(this.logEnd);
    return { baseOffset, appendTime };
  }

  /**
   * A follower's append of the leader's batches, verbatim, from its log end offset. A batch may
   * start past it: compaction on the leader removed what lay between, offsets keep their gaps.
   */
  appendRows(rows: BatchRow[]): void {
    if (rows.length === 0) return;
    const end = endAfterRows(rows, this.logEnd);
    this.store.transaction(() => {
      for (const row of rows) {
        this.epochs.assign(row.leaderEpoch, row.baseOffset);
        this.store.insert(row);
      }
      countRows(this.activity, rows, Date.now());
    });
    this.remember(rows);
    this.logEnd = end;
  }

  /**
   * Drops every record at or after `offset`: the leader's log wins (KIP-101). Committed records
   * are identical on every in-sync replica, so this never reaches below a true high watermark.
   */
  truncateTo(offset: number): void {
    if (offset >= this.logEnd) return;
    const target = Math.max(offset, this.state?.logStartOffset ?? 0);
    this.store.transaction(() => {
      this.store.truncateTo(target);
      this.epochs.truncateFrom(target);
    });
    this.recent.clear();
    this.compaction.reset();
    this.counts.recount();
    this.logEnd = target;
    this.highWatermark = Math.min(this.highWatermark, target);
  }

  /**
   * Moves the log start offset up to `offset` and deletes the batches wholly below it: the
   * leader's retention, or a follower following the leader's log start. A follower whose whole
   * log lies below it starts afresh there, empty. Returns false when it did not move.
   */
  advanceLogStart(offset: number): boolean {
    const state = this.state;
    if (state === null || offset <= state.logStartOffset) return false;
    const restart = offset >= this.logEnd;
    this.store.transaction(() => {
      this.store.deleteBelow(offset);
      if (restart) this.epochs.clear();
      else this.epochs.truncateBefore(offset);
      state.logStartOffset = offset;
      this.saveMeta(state);
    });
    if (restart) this.logEnd = offset;
    if (this.highWatermark < offset) this.highWatermark = offset;
    this.recent.clear();
    this.counts.recount();
    return true;
  }

  /**
   * A follower too far behind a compacted leader starts over from the leader's log start: the
   * batches it would copy are already compacted, and a tombstone the leader dropped could no
   * longer delete the older records this replica holds. It takes the leader's compaction state
   * along, since the copy it is about to receive is in that state.
   */
  restartAt(offset: number, cleaned: CompactionTarget, compaction: CompactionTarget): void {
    const state = this.state;
    if (state === null) return;
    this.clearLog();
    state.logStartOffset = offset;
    state.cleaned = cleaned;
    state.compaction = compaction;
    this.logEnd = offset;
    this.highWatermark = offset;
    this.saveMeta(state);
  }

  /** A follower learns the leader's high watermark, bounded by what it has itself. */
  followHighWatermark(leaderHighWatermark: number): boolean {
    return this.advanceHighWatermark(leaderHighWatermark);
  }

  /** KIP-279's answer to a follower whose last epoch is `epoch` (divergence.ts). */
  divergencePoint(epoch: number): DivergencePoint {
    const logStart = this.state?.logStartOffset ?? 0;
    return divergencePoint(this.epochs.starts, epoch, logStart, this.logEnd);
  }

  /** The follower's side of KIP-279: where to cut, given the leader's divergence point. */
  truncationFor(point: DivergencePoint): number {
    return truncationPoint(this.epochs.starts, point, this.logEnd);
  }

  /** Keeps appended batches for pushing: only a leader with followers pushes. */
  private remember(rows: BatchRow[]): void {
    this.counts.added(rows);
    if (this.isLeader && (this.state?.replicas.length ?? 1) > 1) this.recent.add(rows);
  }

  lastEpoch(): number {
    return this.epochs.latest();
  }

  storage(): StorageStats {
    return this.counts.snapshot();
  }

  /** Bytes of the stored records (what retentionBytes bounds), read on every append. */
  get storedBytes(): number {
    return this.counts.bytes;
  }

  get storedRecords(): number {
    return this.counts.records;
  }

  /**
   * Epoch of the offset just before `offset`, or -1 at the start of the log: what precedes the
   * log start is gone, so a log starting there matches any log that holds it.
   */
  epochBefore(offset: number): number {
    if (offset <= (this.state?.logStartOffset ?? 0)) return -1;
    return this.epochs.epochAt(offset - 1);
  }

  /** Whole batches from the one holding `offset`, below the log end, up to about `bytesMax`. */
  rowsFrom(offset: number, bytesMax: number): BatchRow[] {
    return this.recent.from(offset, bytesMax) ?? this.store.rowsFrom(offset, this.logEnd, bytesMax);
  }

  /** KIP-101: where this (leader's) log stops agreeing with a log whose last epoch is `epoch`. */
  endOffsetForEpoch(epoch: number): number {
    return endOffsetForEpoch(this.epochs.starts, epoch, this.logEnd);
  }

  /** Reads from `offset` up to the high watermark (log-reads.ts). */
  read(input: ReadInput): ReadOk | Failure {
    const meta = this.check(input.topicId);
    return "ok" in meta ? meta : readLog(this.store, this.offsetsNow(), input);
  }

  /** Offsets, plus with `timestamp` the first offset stamped at or after it (or null). */
  offsets(topicId: string, timestamp: number | null): OffsetsOk | Failure {
    const meta = this.check(topicId);
    return "ok" in meta ? meta : offsetsAt(this.store, this.offsetsNow(), timestamp);
  }
}
