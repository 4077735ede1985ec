// One replica's log: assigns dense offsets, frames and stores batches atomically, and serves
// reads by slicing stored text. Synchronous by design: a Durable Object runs each call's
// synchronous part alone, so offset assignment needs no locks.
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import { BATCH_ROW_BYTES_MAX } from "../protocol/limits.js";
import type { PartitionOffsets } from "../protocol/types.js";
import { type BatchRow, BatchStore, type PartitionMeta } from "./batch-store.js";
import type {
  AppendInput,
  AppendOk,
  InitInput,
  OffsetsOk,
  ReadInput,
  ReadOk,
} from "./partition-rpc.js";
import { frameRecord } from "./record-codec.js";
import type { Sql, Transaction } from "./sql.js";

export class PartitionLog {
  private readonly store: BatchStore;
  private meta: PartitionMeta | null;
  private logEndOffset: number;

  constructor(sql: Sql, transaction: Transaction) {
    this.store = new BatchStore(sql, transaction);
    this.meta = this.store.loadMeta();
    this.logEndOffset = this.recoverLogEndOffset();
  }

  private recoverLogEndOffset(): number {
    return this.store.lastBatchEnd() ?? this.meta?.logStartOffset ?? 0;
  }

  /** Binds this replica to a topic incarnation; a different topic id wipes the old log. */
  init(input: InitInput): void {
    if (this.meta !== null && this.meta.topicId === input.topicId) {
      this.meta = { ...this.meta, config: input.config };
    } else {
      this.store.clear();
      this.meta = { ...input, logStartOffset: 0, leaderEpoch: 0 };
    }
    this.store.saveMeta(this.meta);
    this.logEndOffset = this.recoverLogEndOffset();
  }

  drop(topicId: string): void {
    if (this.meta?.topicId !== topicId) return;
    this.store.clear();
    this.meta = null;
    this.logEndOffset = 0;
  }

  /** Fences calls aimed at another (deleted or recreated) incarnation of the topic. */
  private check(topicId: string): Failure | PartitionMeta {
    if (this.meta === null || this.meta.topicId !== topicId) {
      return fail("TOPIC_NOT_FOUND", "this partition belongs to no live topic of that id");
    }
    return this.meta;
  }

  offsetsNow(): PartitionOffsets {
    const logStartOffset = this.meta?.logStartOffset ?? 0;
    // With one replica the high watermark is the log end offset; replication refines this.
    return { logStartOffset, highWatermark: this.logEndOffset, logEndOffset: this.logEndOffset };
  }

  append(input: AppendInput): AppendOk | Failure {
    const meta = this.check(input.topicId);
    if ("ok" in meta) return meta;
    const count = input.bodies.length;
    if (count === 0 || input.bodyBytes.length !== count || input.timestamps.length !== count) {
      return fail("INVALID_REQUEST", "append needs one body, size and timestamp per record");
    }
    const baseOffset = this.logEndOffset;
    const appendTime = Date.now();
    const rows = this.frameRows(input, baseOffset, appendTime, meta.leaderEpoch);
    this.store.transaction(() => {
      for (const row of rows) this.store.insert(row);
    });
    this.logEndOffset = baseOffset + count;
    return { ok: true, baseOffset, appendTime };
  }

  /** Frames records with offsets and timestamps, cut into rows under BATCH_ROW_BYTES_MAX. */
  private frameRows(input: AppendInput, baseOffset: number, appendTime: number, epoch: number) {
    const rows: BatchRow[] = [];
    const count = input.bodies.length;
    let start = 0;
    while (start < count) {
      const framed: string[] = [];
      const index: number[] = [];
      let chars = 0;
      let bytes = 0;
      let maxTimestamp = 0;
      let i = start;
      for (; i < count; i++) {
        const given = input.timestamps[i] as number;
        const timestamp = given < 0 ? appendTime : given;
        const text = frameRecord(baseOffset + i, timestamp, input.bodies[i] as string);
        // Framing adds only ASCII, so its extra UTF-8 bytes equal its extra UTF-16 units.
        const size =
          (input.bodyBytes[i] as number) + text.length - (input.bodies[i] as string).length;
        if (i > start && bytes + size + 1 > BATCH_ROW_BYTES_MAX) break;
        chars += (i > start ? 1 : 0) + text.length;
        bytes += size;
        framed.push(text);
        index.push(chars, bytes);
        if (timestamp > maxTimestamp) maxTimestamp = timestamp;
      }
      rows.push({
        baseOffset: baseOffset + start,
        recordCount: i - start,
        maxTimestamp,
        byteSize: bytes,
        leaderEpoch: epoch,
        payload: framed.join(","),
        recordIndex: Uint32Array.from(index),
      });
      start = i;
    }
    return rows;
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
