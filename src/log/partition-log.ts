// One replica's log: assigns dense offsets, frames and stores batches atomically, serves reads by
// slicing stored text up to the high watermark, and applies the leader's batches on followers.
// Synchronous by design: a Durable Object runs each call's synchronous part alone, so offset
// assignment needs no locks.
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import { BATCH_ROW_BYTES_MAX } from "../protocol/limits.js";
import type { PartitionOffsets } from "../protocol/types.js";
import {
  type BatchRow,
  BatchStore,
  type FaultState,
  type PartitionMeta,
  type ProducerBatch,
  type StoredProducerBatch,
} from "./batch-store.js";
import type { AppendInput, Assignment, OffsetsOk, ReadInput, ReadOk } from "./partition-rpc.js";
import { RecentBatches } from "./recent-batches.js";
import { frameRecord } from "./record-codec.js";
import type { Sql, Transaction } from "./sql.js";

export type EncodedRecords = Pick<
  AppendInput,
  "bodies" | "bodyEnds" | "bodyBytes" | "timestamps" | "bare"
>;

export interface LocalAppend {
  baseOffset: number;
  appendTime: number;
}

export class PartitionLog {
  readonly store: BatchStore;
  private state: PartitionMeta | null;
  private logEnd: number;
  private highWatermark: number;
  /** The epoch of the newest stored batch (-1: none), kept so pushes need no query. */
  private newestEpoch: number;
  private readonly recent = new RecentBatches();

  constructor(sql: Sql, transaction: Transaction) {
    this.store = new BatchStore(sql, transaction);
    this.state = this.store.loadMeta();
    this.logEnd = this.recoverLogEndOffset();
    this.highWatermark = this.recoverHighWatermark();
    this.newestEpoch = this.store.lastEpoch();
  }

  private recoverLogEndOffset(): number {
    return this.store.lastBatchEnd() ?? this.state?.logStartOffset ?? 0;
  }

  /** With no other in-sync replica, everything stored is committed. */
  private recoverHighWatermark(): number {
    if (this.state === null) return 0;
    if (this.soleInSync()) return this.logEnd;
    return Math.min(Math.max(this.state.highWatermark, this.state.logStartOffset), this.logEnd);
  }

  get meta(): PartitionMeta | null {
    return this.state;
  }

  get logEndOffset(): number {
    return this.logEnd;
  }

  get isLeader(): boolean {
    return this.state !== null && this.state.leader === this.state.replica;
  }

  /** True when this replica leads and is the whole ISR: its log end is the high watermark. */
  soleInSync(): boolean {
    const s = this.state;
    return s !== null && s.leader === s.replica && s.isr.length === 1 && s.isr[0] === s.replica;
  }

  /** Binds this replica to a topic incarnation; a different topic id wipes the old log. */
  init(input: Assignment): void {
    if (this.state !== null && this.state.topicId === input.topicId) {
      // Same incarnation: only the config changes here; leadership moves by election.
      this.state = { ...this.state, config: input.config, replicas: input.replicas };
    } else {
      this.store.clear();
      this.recent.clear();
      this.state = { ...input, logStartOffset: 0, highWatermark: 0 };
    }
    this.store.saveMeta(this.state);
    this.logEnd = this.recoverLogEndOffset();
    this.highWatermark = this.recoverHighWatermark();
    this.newestEpoch = this.store.lastEpoch();
  }

  drop(topicId: string): void {
    if (this.state?.topicId !== topicId) return;
    this.store.clear();
    this.recent.clear();
    this.state = null;
    this.logEnd = 0;
    this.highWatermark = 0;
    this.newestEpoch = -1;
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
    this.store.saveMeta(this.state);
    if (this.soleInSync()) this.advanceHighWatermark(this.logEnd);
  }

  setIsr(isr: number[]): void {
    if (this.state === null) return;
    this.setLeadership({ ...this.state, isr });
  }

  faults(): FaultState {
    return this.store.loadFaults();
  }

  saveFaults(faults: FaultState): void {
    this.store.saveFaults(faults);
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
    if (this.isLeader && !this.soleInSync()) this.store.saveHighWatermark(next);
    return true;
  }

  /** The leader's append: assigns offsets, frames records, stores them in one transaction. */
  appendLocal(records: EncodedRecords, producer: ProducerBatch | null = null): LocalAppend {
    const epoch = this.state?.leaderEpoch ?? 0;
    const baseOffset = this.logEnd;
    const appendTime = Date.now();
    const rows = frameRows(records, baseOffset, appendTime, epoch, producer);
    this.store.transaction(() => {
      for (const row of rows) this.store.insert(row);
    });
    this.remember(rows);
    this.logEnd = baseOffset + records.bodyEnds.length;
    if (this.soleInSync()) this.advanceHighWatermark(this.logEnd);
    return { baseOffset, appendTime };
  }

  /** A follower's append of the leader's batches, verbatim, at its log end offset. */
  appendRows(rows: BatchRow[]): void {
    if (rows.length === 0) return;
    if (rows[0]?.baseOffset !== this.logEnd) {
      throw new Error(`rows start at ${rows[0]?.baseOffset}, log ends at ${this.logEnd}`);
    }
    this.store.transaction(() => {
      for (const row of rows) this.store.insert(row);
    });
    this.remember(rows);
    const last = rows[rows.length - 1] as BatchRow;
    this.logEnd = last.baseOffset + last.recordCount;
  }

  /**
   * Drops every record at or after `offset`: the leader's log wins (KIP-101). Committed records
   * are identical on every in-sync replica, so this never reaches below a true high watermark.
   */
  truncateTo(offset: number): void {
    if (offset >= this.logEnd) return;
    const target = Math.max(offset, this.state?.logStartOffset ?? 0);
    this.store.truncateTo(target);
    this.recent.clear();
    this.newestEpoch = this.store.lastEpoch();
    this.logEnd = target;
    this.highWatermark = Math.min(this.highWatermark, target);
  }

  /** A follower learns the leader's high watermark, bounded by what it has itself. */
  followHighWatermark(leaderHighWatermark: number): boolean {
    return this.advanceHighWatermark(leaderHighWatermark);
  }

  /**
   * KIP-279's answer to a follower whose last epoch is `epoch`: the largest epoch this log holds
   * that is not after it, and the offset where that epoch ends here.
   */
  divergencePoint(epoch: number): { epoch: number; endOffset: number } {
    const held = this.store.largestEpochAtMost(epoch);
    if (held === null) return { epoch: -1, endOffset: this.state?.logStartOffset ?? 0 };
    return { epoch: held, endOffset: this.endOffsetForEpoch(held) };
  }

  /** The follower's side of KIP-279: where to cut, given the leader's divergence point. */
  truncationFor(point: { epoch: number; endOffset: number }): number {
    if (point.epoch < 0) return point.endOffset;
    return Math.min(point.endOffset, this.endOffsetForEpoch(point.epoch));
  }

  /** Keeps appended batches for pushing: only a leader with followers pushes. */
  private remember(rows: BatchRow[]): void {
    const last = rows[rows.length - 1];
    if (last !== undefined) this.newestEpoch = last.leaderEpoch;
    if (this.isLeader && (this.state?.replicas.length ?? 1) > 1) this.recent.add(rows);
  }

  lastEpoch(): number {
    return this.newestEpoch;
  }

  /** The producer's newest batches in this log, newest first (at most `limit`). */
  producerBatches(producerId: string, limit: number): StoredProducerBatch[] {
    return this.store.producerBatches(producerId, limit);
  }

  /** Timestamps of `count` stored records from `offset` (answers to duplicate produces). */
  timestampsAt(offset: number, count: number): number[] {
    const rows = this.store.rowsFrom(offset, offset + count, Number.MAX_SAFE_INTEGER);
    const records = rows.flatMap(
      (row) => JSON.parse(`[${row.payload}]`) as Array<{ offset: number; timestamp: number }>,
    );
    return records
      .filter((r) => r.offset >= offset && r.offset < offset + count)
      .map((r) => r.timestamp);
  }

  /** Epoch of the record just before `offset`, or -1 at the start of the log. */
  epochBefore(offset: number): number {
    if (offset <= 0) return -1;
    if (offset === this.logEnd) return this.newestEpoch;
    return this.recent.epochAt(offset - 1) ?? this.store.epochAt(offset - 1);
  }

  /** Whole batches from the one holding `offset`, below the log end, up to about `bytesMax`. */
  rowsFrom(offset: number, bytesMax: number): BatchRow[] {
    return this.recent.from(offset, bytesMax) ?? this.store.rowsFrom(offset, this.logEnd, bytesMax);
  }

  /** KIP-101: where this (leader's) log stops agreeing with a log whose last epoch is `epoch`. */
  endOffsetForEpoch(epoch: number): number {
    return this.store.firstOffsetAfterEpoch(epoch) ?? this.logEnd;
  }

  /** Reads from `offset` up to the high watermark; an empty answer means nothing new yet. */
  read(input: ReadInput): ReadOk | Failure {
    const meta = this.check(input.topicId);
    if ("ok" in meta) return meta;
    const offsets = this.offsetsNow();
    const offset = input.offset ?? offsets.logStartOffset;
    if (offset < offsets.logStartOffset || offset > offsets.logEndOffset) {
      return new EdgelogError(
        "OFFSET_OUT_OF_RANGE",
        `offset ${offset} is outside [${offsets.logStartOffset}, ${offsets.logEndOffset}]`,
        { logStartOffset: offsets.logStartOffset, highWatermark: offsets.highWatermark },
      ).toFailure();
    }
    const parts: string[] = [];
    let next = offset;
    let count = 0;
    let bytes = 0;
    let full = false;
    for (const batch of this.store.scan(offset, offsets.highWatermark)) {
      const first = Math.max(0, next - batch.baseOffset);
      const available = Math.min(batch.recordCount, offsets.highWatermark - batch.baseOffset);
      const index = batch.recordIndex;
      let i = first;
      for (; i < available; i++) {
        const size = (index[2 * i + 1] as number) - (i > 0 ? (index[2 * i - 1] as number) : 0);
        if (count >= input.maxRecords || (count > 0 && bytes + size > input.maxBytes)) {
          full = true;
          break;
        }
        bytes += size;
        count++;
      }
      if (i > first) parts.push(sliceRecords(batch.payload, index, first, i, batch.recordCount));
      next = batch.baseOffset + i;
      if (full) break;
    }
    return { ok: true, records: parts.join(","), count, nextOffset: next, ...offsets };
  }

  /** Offsets, plus with `timestamp` the first offset stamped at or after it (or null). */
  offsets(topicId: string, timestamp: number | null): OffsetsOk | Failure {
    const meta = this.check(topicId);
    if ("ok" in meta) return meta;
    const offsets = this.offsetsNow();
    if (timestamp === null) return { ok: true, ...offsets };
    return { ok: true, ...offsets, offset: this.offsetForTimestamp(timestamp, offsets) };
  }

  private offsetForTimestamp(timestamp: number, offsets: PartitionOffsets): number | null {
    const batch = this.store.firstBatchReaching(timestamp, offsets.highWatermark);
    if (batch === null) return null;
    const records = JSON.parse(`[${batch.payload}]`) as Array<{
      offset: number;
      timestamp: number;
    }>;
    const hit = records.find((r) => r.timestamp >= timestamp && r.offset >= offsets.logStartOffset);
    return hit !== undefined && hit.offset < offsets.highWatermark ? hit.offset : null;
  }
}

/**
 * Frames records with offsets and timestamps, cut into rows under BATCH_ROW_BYTES_MAX. Hot path:
 * one string built by concatenation and a preallocated index, no per-record arrays.
 */
function frameRows(
  { bodies, bodyEnds, bodyBytes, timestamps, bare }: EncodedRecords,
  baseOffset: number,
  appendTime: number,
  epoch: number,
  producer: ProducerBatch | null,
): BatchRow[] {
  const rows: BatchRow[] = [];
  const count = bodyEnds.length;
  let start = 0;
  while (start < count) {
    const index = new Uint32Array(2 * (count - start));
    let payload = "";
    let bytes = 0;
    let maxTimestamp = 0;
    let i = start;
    for (; i < count; i++) {
      const given = timestamps === null ? -1 : (timestamps[i] as number);
      const timestamp = given < 0 ? appendTime : given;
      const body = bodies.slice(i > 0 ? (bodyEnds[i - 1] as number) : 0, bodyEnds[i] as number);
      const text = frameRecord(baseOffset + i, timestamp, body, bare);
      // Framing adds only ASCII, so its extra UTF-8 bytes equal its extra UTF-16 units.
      const size =
        bodyBytes === null ? text.length : (bodyBytes[i] as number) + text.length - body.length;
      if (i > start && bytes + size + 1 > BATCH_ROW_BYTES_MAX) break;
      payload = i > start ? `${payload},${text}` : text;
      bytes += size;
      index[2 * (i - start)] = payload.length;
      index[2 * (i - start) + 1] = bytes;
      if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    }
    rows.push({
      baseOffset: baseOffset + start,
      recordCount: i - start,
      maxTimestamp,
      byteSize: bytes,
      leaderEpoch: epoch,
      payload,
      recordIndex: i - start === index.length / 2 ? index : index.slice(0, 2 * (i - start)),
      producer,
    });
    start = i;
  }
  return rows;
}

/** The text of records [first, end) of a stored batch, without decoding them. */
function sliceRecords(
  payload: string,
  index: Uint32Array,
  first: number,
  end: number,
  recordCount: number,
): string {
  if (first === 0 && end === recordCount) return payload;
  const from = first === 0 ? 0 : (index[2 * (first - 1)] as number) + 1;
  return payload.slice(from, index[2 * (end - 1)] as number);
}
