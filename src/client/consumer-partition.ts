// One owned partition's reader: long-polls its records in offset order, hands them to the user's
// handler, and tracks the processed offset the consumer commits.
import type { FetchResponse } from "../protocol/types.js";
import type { ConsumerReports } from "./consumer-report.js";
import { type Slots, Wakeup } from "./consumer-sync.js";
import type { ConsumerErrorContext, RunOptions, TopicPartition } from "./consumer-types.js";
import { EdgelogClientError } from "./errors.js";
import { readPartition } from "./read.js";
import type { RetryOptions } from "./retry.js";
import type { Transport } from "./transport.js";

/** A partition's key in the consumer's maps of readers, seeks and paused partitions. */
export const readerKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** What a reader needs from its consumer. */
export interface ReaderContext {
  transport: Transport;
  retry: RetryOptions;
  handlers: RunOptions;
  slots: Slots;
  maxRecords: number;
  /** The long-poll wait of each fetch. */
  waitMs: () => number;
  isPaused: (topic: string, partition: number) => boolean;
  /** Rung on resume, so paused readers look again at once. */
  resumed: Wakeup;
  /** Where to start without a seek: the committed offset, else the reset policy's. */
  startOffset: (
    topic: string,
    partition: number,
    signal: AbortSignal,
  ) => Promise<{ offset: number; committed: number | null }>;
  /** A page was processed: with autoCommit, the consumer commits soon. */
  processed: () => void;
  /** Commits one partition now (eachBatch's `commit`). */
  commit: (topic: string, partition: number, offset: number) => Promise<void>;
  /** Failures to onError or the log, retries and recoveries to the log. */
  reports: ConsumerReports;
}

export class PartitionReader implements TopicPartition {
  /** Next offset to fetch; null until the start offset is known. */
  private position: number | null = null;
  /** Next offset after the last processed record: what a commit writes. */
  processed: number | null = null;
  /** The group's committed offset as this member last knew it. */
  committed: number | null = null;
  private stopped = false;
  /** Bumped by seek: records fetched before it are dropped. */
  private generation = 0;
  private readonly wake = new Wakeup();
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly context: ReaderContext,
    seekTo: number | undefined,
  ) {
    if (seekTo !== undefined) this.position = seekTo;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops fetching; resolves once the handler in flight, if one is, returned. */
  stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake.notify();
    return this.loop ?? Promise.resolve();
  }

  /** The next fetch starts at `offset`; records already fetched are dropped. */
  seek(offset: number): void {
    this.position = offset;
    this.generation++;
    this.wake.notify();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      if (this.context.isPaused(this.topic, this.partition)) {
        await Promise.race([this.wake.wait(this.context.waitMs()), this.context.resumed.wait(1e3)]);
        continue;
      }
      const ok = await this.step();
      failures = ok ? 0 : failures + 1;
      // A failed fetch or handler is tried again after a capped, growing backoff: the partition
      // waits (nothing is skipped) until it succeeds, is sought, revoked, or the consumer stops.
      if (failures > 0) await this.wake.wait(this.backoffMs(failures));
    }
  }

  private backoffMs(failures: number): number {
    const { initialMs, factor, maxMs } = this.context.retry;
    return Math.min(maxMs, initialMs * factor ** Math.min(failures - 1, 30));
  }

  /** One fetch and its processing; false when either failed. */
  private async step(): Promise<boolean> {
    const generation = this.generation;
    if (this.position === null) {
      try {
        const start = await this.context.startOffset(this.topic, this.partition, this.abort.signal);
        this.committed = start.committed;
        if (this.position === null) this.position = start.offset;
        // No committed offset yet: the reset policy's start is this member's position, and
        // committing it keeps a successor from resetting past records that arrive meanwhile.
        if (start.committed === null) this.processed ??= start.offset;
      } catch (err) {
        // Stopped: the lookup was abandoned, not failed.
        if (!this.stopped) this.report(err, "fetch");
        return false;
      }
    }
    const offset = this.position;
    const page = await this.fetch(offset);
    if (page === null) return false;
    if (this.stopped || generation !== this.generation) return true;
    return this.process(page, generation);
  }

  private async fetch(offset: number): Promise<FetchResponse | null> {
    const { transport, retry, slots, maxRecords } = this.context;
    await slots.acquire();
    try {
      const options = {
        topic: this.topic,
        partition: this.partition,
        offset,
        maxRecords,
        waitMs: this.context.waitMs(),
        signal: this.abort.signal,
      };
      return await readPartition(
        transport,
        retry,
        options,
        this.context.reports.watch(this.where("fetch")),
      );
    } catch (err) {
      if (this.stopped) return null;
      if (err instanceof EdgelogClientError && err.code === "OFFSET_OUT_OF_RANGE") {
        this.position = resetPosition(offset, err.details);
        return null;
      }
      this.report(err, "fetch", offset);
      return null;
    } finally {
      slots.release();
    }
  }

  private async process(page: FetchResponse, generation: number): Promise<boolean> {
    const { eachBatch, eachMessage } = this.context.handlers;
    const current = () => !this.stopped && generation === this.generation;
    for (const message of eachBatch === undefined ? page.records : []) {
      if (!current()) return true;
      try {
        await eachMessage?.({ topic: this.topic, partition: this.partition, message });
      } catch (err) {
        this.report(err, "handler", message.offset);
        if (current()) this.position = message.offset;
        return false;
      }
      this.processed = message.offset + 1;
    }
    if (eachBatch !== undefined && page.records.length > 0) {
      const last = page.records[page.records.length - 1];
      try {
        await eachBatch({
          topic: this.topic,
          partition: this.partition,
          messages: page.records,
          highWatermark: page.highWatermark,
          commit: (offset = (last?.offset ?? -1) + 1) => {
            this.processed = offset;
            return this.context.commit(this.topic, this.partition, offset);
          },
        });
      } catch (err) {
        this.report(err, "handler", page.records[0]?.offset);
        // Resume after whatever the batch committed, else at its first record.
        if (current()) this.position = this.processed ?? page.records[0]?.offset ?? this.position;
        return false;
      }
    }
    if (!current()) return true;
    // The whole page is done: the position moves on (over compaction's gaps too).
    this.processed = page.nextOffset;
    this.position = page.nextOffset;
    this.context.processed();
    if (page.records.length > 0) this.context.reports.recovered(this.where("handler"));
    return true;
  }

  private report(err: unknown, operation: "fetch" | "handler", offset?: number): void {
    const context = this.where(operation);
    if (offset !== undefined) context.offset = offset;
    this.context.reports.report(err, context);
  }

  private where(operation: "fetch" | "handler"): ConsumerErrorContext {
    return { operation, topic: this.topic, partition: this.partition };
  }
}

/** After 416: below the log start (retention) jump to it; past the end, to the high watermark. */
function resetPosition(offset: number, details: Record<string, unknown> | undefined): number {
  const logStart = details?.logStartOffset;
  const highWatermark = details?.highWatermark;
  if (typeof logStart === "number" && offset < logStart) return logStart;
  if (typeof highWatermark === "number") return highWatermark;
  return typeof logStart === "number" ? logStart : offset;
}
