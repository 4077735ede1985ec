// Leasing records to a share group's consumers: records are read from partition leaders on
// demand into a small per-partition buffer, and leased from it synchronously, so concurrent
// requests never lease one record twice. One read per partition runs at a time; consumers that
// find nothing wait (up to their waitMs) for a read, an ack or an expiry to bring something.
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import {
  LONG_POLL_MS_MAX,
  SHARE_IN_FLIGHT_RECORDS_MAX,
  SHARE_READ_BYTES_MAX,
  SHARE_RECORDS_PER_REQUEST_MAX,
} from "../protocol/limits.js";
import type {
  ShareGroupConfig,
  ShareRecord,
  ShareRecordsAnswer,
  ShareRecordsRequest,
} from "../protocol/share-group-request.js";
import type { FetchedRecord } from "../protocol/types.js";
import type { PartitionClient } from "./partition-client.js";
import { PartitionBuffer, type Read } from "./share-buffer.js";
import type { ShareLeases } from "./share-leases.js";
import type { SharePartitionRow, ShareStore } from "./share-store.js";

/** After a failed read, a partition is left alone this long (the request waits or answers). */
const READ_RETRY_MS = 200;
/** Passes a request with no wait left makes over quick reads before answering what it has. */
const FINAL_PASSES_MAX = 3;

export class ShareFetcher {
  private buffers = new Map<string, PartitionBuffer>();
  private waiters: Array<() => void> = [];
  private rotation = 0;

  constructor(
    private readonly store: ShareStore,
    private readonly leases: ShareLeases,
    private readonly partitions: PartitionClient,
    private readonly now: () => number,
  ) {}

  /** Something changed (an ack, an expiry): waiting consumers look again. */
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Forgets buffered records (a partition restarted, or the group went). */
  forget(topic?: string, partition?: number): void {
    if (topic === undefined) this.buffers = new Map();
    else this.buffers.delete(keyOf(topic, partition ?? 0));
  }

  async lease(
    config: ShareGroupConfig,
    request: ShareRecordsRequest,
    expire: () => void,
  ): Promise<ShareRecordsAnswer> {
    const deadline = this.now() + request.waitMs;
    for (let finalPass = 0; ; ) {
      expire();
      const answer = this.take(config, request.maxRecords);
      if (answer.records.length > 0) return answer;
      const remaining = deadline - this.now();
      const reads = this.startReads(remaining);
      const awaited = remaining > 0 ? reads : reads.filter((r) => r.quick);
      if (remaining <= 0 && (awaited.length === 0 || finalPass++ >= FINAL_PASSES_MAX)) {
        const failure = this.failureToReport();
        if (failure !== null) throw EdgelogError.fromBody(failure.error);
        return answer;
      }
      const wake = new Promise<void>((resolve) => this.waiters.push(resolve));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.waitMs(remaining));
      });
      await Promise.race([
        ...awaited.map((r) => r.done),
        wake,
        ...(remaining > 0 ? [timeout] : []),
      ]);
      clearTimeout(timer);
    }
  }

  /** How long a waiting request sleeps: until its deadline, a lease expires, or a read retry. */
  private waitMs(remaining: number): number {
    let ms = remaining;
    const leaseDeadline = this.store.earliestLeaseDeadline();
    if (leaseDeadline !== null) ms = Math.min(ms, leaseDeadline - this.now());
    if ([...this.buffers.values()].some((b) => b.retryAt > this.now())) {
      ms = Math.min(ms, READ_RETRY_MS);
    }
    return Math.max(0, ms);
  }

  /** Leases what the buffers hold, in offset order per partition, under one new lease. */
  private take(config: ShareGroupConfig, maxRecords: number): ShareRecordsAnswer {
    const leaseId = crypto.randomUUID();
    const leaseExpiresAt = this.now() + config.leaseMs;
    const records: ShareRecord[] = [];
    const shares = rotate(this.store.partitions(), this.rotation++);
    this.store.transaction(() => {
      for (const share of shares) {
        if (records.length >= maxRecords) break;
        const buffer = this.buffer(share);
        const lease = (record: FetchedRecord, deliveryCount: number) =>
          records.push({
            topic: share.topic,
            partition: share.partition,
            ...record,
            deliveryCount,
            leaseId,
          });
        const wanted = [...buffer.redeliveries.keys()]
          .sort((a, b) => a - b)
          .slice(0, maxRecords - records.length);
        const counts = this.leases.acquireAvailable(
          share.topic,
          share.partition,
          wanted,
          leaseId,
          leaseExpiresAt,
        );
        for (const offset of wanted) {
          const record = buffer.redeliveries.get(offset) as FetchedRecord;
          buffer.redeliveries.delete(offset);
          const deliveryCount = counts.get(offset);
          if (deliveryCount !== undefined) lease(record, deliveryCount);
        }
        // Fresh records only once no released record below them waits to be read again.
        if (this.unbufferedRedeliveries(share, buffer).length > 0) continue;
        const end = this.store.partition(share.topic, share.partition)?.endOffset ?? Infinity;
        buffer.fresh = buffer.fresh.filter((r) => r.offset >= end);
        const take = Math.min(maxRecords - records.length, this.room(share), buffer.fresh.length);
        if (take <= 0) continue;
        const fresh = buffer.fresh.splice(0, take);
        const offsets = fresh.map((r) => r.offset);
        this.leases.acquireNew(share.topic, share.partition, offsets, leaseId, leaseExpiresAt);
        for (const record of fresh) lease(record, 1);
      }
    });
    return { records, leaseExpiresAt: records.length > 0 ? leaseExpiresAt : null };
  }

  /** In-flight rows and pending dead letters may grow to SHARE_IN_FLIGHT_RECORDS_MAX. */
  private room(share: SharePartitionRow): number {
    const c = this.store.counts(share.topic, share.partition);
    const used = c.acquired + c.available + c.acknowledged + c.archived + c.dead;
    return SHARE_IN_FLIGHT_RECORDS_MAX - used;
  }

  private unbufferedRedeliveries(share: SharePartitionRow, buffer: PartitionBuffer) {
    return this.store
      .records(share.topic, share.partition, "available", SHARE_RECORDS_PER_REQUEST_MAX)
      .filter((r) => !buffer.redeliveries.has(r.offset));
  }

  /** Starts a read on every partition that needs one; answers the reads running. */
  private startReads(remainingMs: number): Read[] {
    const running: Read[] = [];
    for (const share of this.store.partitions()) {
      const buffer = this.buffer(share);
      if (buffer.retryAt <= this.now()) {
        const missing = this.unbufferedRedeliveries(share, buffer);
        if (missing.length > 0 && buffer.reads.redeliveries === null) {
          const from = (missing[0] as { offset: number }).offset;
          const to = (missing[missing.length - 1] as { offset: number }).offset;
          this.startRead(share, buffer, from, to - from + 1, 0, "redeliveries");
        } else if (
          missing.length === 0 &&
          buffer.reads.fresh === null &&
          buffer.fresh.length === 0 &&
          this.room(share) > 0
        ) {
          const from = buffer.freshReadFrom ?? share.endOffset;
          const waitMs = Math.max(0, Math.min(remainingMs, LONG_POLL_MS_MAX));
          this.startRead(share, buffer, from, this.room(share), waitMs, "fresh");
        }
      }
      for (const read of [buffer.reads.fresh, buffer.reads.redeliveries]) {
        if (read !== null) running.push(read);
      }
    }
    return running;
  }

  private startRead(
    share: SharePartitionRow,
    buffer: PartitionBuffer,
    from: number,
    count: number,
    waitMs: number,
    kind: "fresh" | "redeliveries",
  ): void {
    const range = {
      offset: from,
      maxRecords: Math.min(count, SHARE_RECORDS_PER_REQUEST_MAX),
      maxBytes: SHARE_READ_BYTES_MAX,
      waitMs,
    };
    const done = this.partitions
      .read(share.topic, share.partition, share.topicId, range)
      .then((result) => {
        if (this.buffers.get(keyOf(share.topic, share.partition)) !== buffer) return;
        if (!result.ok) {
          this.readFailed(share, buffer, from, result);
          return;
        }
        buffer.failure = null;
        const records = JSON.parse(`[${result.records}]`) as FetchedRecord[];
        if (kind === "fresh") {
          // Fresh reads start where the last ended, so records only ever follow the buffer's.
          buffer.fresh = records;
          buffer.freshReadFrom = result.nextOffset;
        } else {
          this.buffered(share, buffer, from, result.nextOffset, records);
        }
      })
      .catch((err: unknown) => {
        // A bug-class failure reading (never an expected one: those are values): the request
        // that waits on it must not fail with it, and the next read tries again later.
        console.error("edgelog: share group read failed", err);
        buffer.failure = fail("UNAVAILABLE", `partition ${share.partition} could not be read`);
        buffer.retryAt = this.now() + READ_RETRY_MS;
      })
      .finally(() => {
        buffer.reads[kind] = null;
        this.notify();
      });
    buffer.reads[kind] = { done, quick: waitMs === 0 };
  }

  /** Re-read records of available rows; rows in the range the log no longer holds are gone. */
  private buffered(
    share: SharePartitionRow,
    buffer: PartitionBuffer,
    from: number,
    to: number,
    records: FetchedRecord[],
  ): void {
    const returned = new Set(records.map((r) => r.offset));
    const available = this.store.records(
      share.topic,
      share.partition,
      "available",
      SHARE_RECORDS_PER_REQUEST_MAX,
    );
    const gone = available.filter(
      (r) => r.offset >= from && r.offset < to && !returned.has(r.offset),
    );
    this.leases.archiveGone(
      share.topic,
      share.partition,
      gone.map((r) => r.offset),
    );
    const wanted = new Set(available.map((r) => r.offset));
    for (const record of records) {
      if (wanted.has(record.offset)) buffer.redeliveries.set(record.offset, record);
    }
  }

  private readFailed(share: SharePartitionRow, buffer: PartitionBuffer, from: number, f: Failure) {
    const logStartOffset = f.error.details?.logStartOffset;
    if (
      f.error.code === "OFFSET_OUT_OF_RANGE" &&
      typeof logStartOffset === "number" &&
      from < logStartOffset
    ) {
      // Retention (or a delete-records) removed what the group had not finished.
      this.leases.retentionRemoved(share.topic, share.partition, logStartOffset);
      this.forget(share.topic, share.partition);
      return;
    }
    buffer.failure = f;
    buffer.retryAt = this.now() + READ_RETRY_MS;
  }

  /** A retriable read failure, reported when a request ends with nothing to lease. */
  private failureToReport(): Failure | null {
    for (const buffer of this.buffers.values()) {
      if (buffer.failure?.error.retriable) return buffer.failure;
    }
    return null;
  }

  private buffer(share: SharePartitionRow): PartitionBuffer {
    const key = keyOf(share.topic, share.partition);
    let buffer = this.buffers.get(key);
    if (buffer === undefined) {
      buffer = new PartitionBuffer();
      this.buffers.set(key, buffer);
    }
    return buffer;
  }
}

function keyOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** Starts at a different partition each time, so one busy partition does not starve others. */
function rotate<T>(items: T[], by: number): T[] {
  if (items.length === 0) return items;
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
