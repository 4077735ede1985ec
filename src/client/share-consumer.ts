// The SDK's share consumer (design/delivery.md, KIP-932's KafkaShareConsumer): leases records
// of a share group, runs a handler on each and acks it, accept on success and release on throw,
// unless the handler acked it itself (`ack()`, `release()`, `reject()`). Any number of share
// consumers may read one partition: the group hands each record to one of them at a time.
import type { ErrorCode } from "../protocol/error-codes.js";
import { LONG_POLL_MS_MAX } from "../protocol/limits.js";
import type {
  AckResult,
  AckType,
  ShareRecord,
  ShareRecordsAnswer,
} from "../protocol/share-group-request.js";
import { ClientLog } from "./client-log.js";
import { EdgelogClientError } from "./errors.js";
import type { LogOptions } from "./logger.js";
import { type RetryOptions, sleep, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

export type ShareMessage = ShareRecord;

export interface ShareConsumerOptions extends LogOptions {
  group: string;
  /** Records leased per request (server default 100, at most 1,000). */
  maxRecords?: number;
  /** Long-poll wait when nothing is available (default 5,000 ms; at most 30 s). */
  waitMs?: number;
  /** Messages processed at once (default 1). */
  concurrency?: number;
}

export interface ShareMessagePayload {
  message: ShareMessage;
  /** Done with it: never delivered again. Refused with LEASE_EXPIRED once the lease ran out. */
  ack(): Promise<void>;
  /** Hand it back at once, for this or another consumer. */
  release(): Promise<void>;
  /** Poison: archived (written to the group's dead-letter topic when it has one). */
  reject(): Promise<void>;
}

export interface ShareRunOptions {
  eachMessage(payload: ShareMessagePayload): Promise<void>;
}

export class ShareConsumer {
  private readonly log: ClientLog;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    private readonly options: ShareConsumerOptions,
  ) {
    this.log = new ClientLog("share-consumer", options);
  }

  /**
   * Leases and processes records in the background. Resolves once the first lease request was
   * answered, so a missing group (GROUP_NOT_FOUND) or a refused token rejects it at once.
   */
  async run(handlers: ShareRunOptions): Promise<void> {
    if (this.loop !== null) throw new TypeError("run() was called already");
    this.loop = Promise.resolve();
    const first = await this.lease(0);
    this.loop = this.consume(handlers, first);
  }

  /** Stops leasing; resolves once the messages being processed are acked. */
  async disconnect(): Promise<void> {
    this.stopping.abort();
    await this.loop?.catch(() => undefined);
  }

  private async consume(handlers: ShareRunOptions, first: ShareRecordsAnswer): Promise<void> {
    let batch: ShareRecordsAnswer | null = first;
    while (!this.stopping.signal.aborted) {
      try {
        batch ??= await this.lease(this.options.waitMs ?? 5_000);
      } catch (err) {
        if (this.stopping.signal.aborted) return;
        const fields = { group: this.options.group };
        this.log.failed("lease records", err, fields);
        if (!(err instanceof EdgelogClientError && err.retriable)) return;
        await sleep(this.retry.maxMs, this.stopping.signal);
        continue;
      }
      await this.process(handlers, batch.records);
      batch = null;
    }
  }

  /** Runs the handler on each record (`concurrency` at once), then sends the automatic acks. */
  private async process(handlers: ShareRunOptions, records: ShareRecord[]): Promise<void> {
    const acks: Array<{ record: ShareRecord; type: AckType }> = [];
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const record = records[next++] as ShareRecord;
        if (this.stopping.signal.aborted) {
          acks.push({ record, type: "release" });
          continue;
        }
        let acked = false;
        const manual = (type: AckType) => async () => {
          acked = true;
          await this.sendAcks([{ record, type }], true);
        };
        try {
          await handlers.eachMessage({
            message: record,
            ack: manual("accept"),
            release: manual("release"),
            reject: manual("reject"),
          });
          if (!acked) acks.push({ record, type: "accept" });
        } catch (err) {
          this.log.failed("eachMessage", err, {
            group: this.options.group,
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
          });
          if (!acked) acks.push({ record, type: "release" });
        }
      }
    };
    const concurrency = Math.max(1, this.options.concurrency ?? 1);
    await Promise.all(Array.from({ length: Math.min(concurrency, records.length) }, worker));
    if (acks.length > 0) await this.sendAcks(acks, false).catch(() => undefined);
  }

  private lease(waitMs: number): Promise<ShareRecordsAnswer> {
    const path = apiPath("share-groups", this.options.group, "records");
    const body = {
      waitMs: Math.min(waitMs, LONG_POLL_MS_MAX),
      ...(this.options.maxRecords === undefined ? {} : { maxRecords: this.options.maxRecords }),
    };
    const watch = { log: this.log, operation: `lease ${this.options.group}` };
    const signal = this.stopping.signal;
    return withRetry(
      () => this.transport.request<ShareRecordsAnswer>("POST", path, { body, signal }),
      this.retry,
      watch,
      signal,
    );
  }

  /**
   * Acks are safe to repeat (a retried ack of the same lease answers as the first did, or, once
   * the group moved past the record, LEASE_EXPIRED with nothing changed), so they are retried. A
   * refused one is thrown for a manual ack and logged for an automatic one.
   */
  private async sendAcks(
    acks: Array<{ record: ShareRecord; type: AckType }>,
    manual: boolean,
  ): Promise<void> {
    const path = apiPath("share-groups", this.options.group, "acks");
    const body = {
      acks: acks.map(({ record, type }) => ({
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        leaseId: record.leaseId,
        type,
      })),
    };
    const watch = { log: this.log, operation: `ack ${this.options.group}` };
    const { results } = await withRetry(
      () => this.transport.request<{ results: AckResult[] }>("POST", path, { body }),
      this.retry,
      watch,
    );
    for (const result of results) {
      if (result.ok) continue;
      const code: ErrorCode = result.error.code;
      const error = new EdgelogClientError(code, result.error.message, 409, false, {
        topic: result.topic,
        partition: result.partition,
        offset: result.offset,
      });
      if (manual) throw error;
      this.log.failed("ack", error, { group: this.options.group, offset: result.offset });
    }
  }
}
