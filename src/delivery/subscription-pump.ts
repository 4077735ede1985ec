// Delivery of one push-subscription partition, strictly in offset order with one batch in
// flight: read a batch from the leader, POST it, and on a 2xx move the delivered offset past it
// (persisted only then: at least once). A failure is retried, same records and delivery id,
// after an exponential backoff; after maxAttempts the batch is dead-lettered, or, without a
// dead-letter topic, retried at the longest backoff for ever (never skipped). A 410 pauses the
// subscription. Caught up, the partition arms an append watch and sleeps (append-watches.ts).
import type { Failure } from "../protocol/errors.js";
import { backoffMs } from "./subscription-backoff.js";
import { type DeadLetterOutcome, deadLetterBatch } from "./subscription-dead-letter-writer.js";
import { type PostOutcome, postDelivery } from "./subscription-post.js";
import { SIGNATURE_HEADER, signDelivery } from "./subscription-signature.js";
import type { SubscriptionSource } from "./subscription-source.js";
import type { PartitionState, SubscriptionRow, SubscriptionStore } from "./subscription-store.js";

export const DELIVERY_ID_HEADER = "edgelog-delivery-id";

export interface PumpDeps {
  store: SubscriptionStore;
  source: SubscriptionSource;
  now(): number;
  random(): number;
}

/** What one step left to do: go on with the next batch, or stop until woken or due. */
export type StepOutcome = "more" | "idle";

/** A read's records and where the batch ends. */
interface Batch {
  records: string;
  count: number;
  firstOffset: number;
  end: number;
}

// Every stored record's text starts with its offset (record-codec.ts frameRecord).
const FIRST_OFFSET = /^\{"offset":(\d+),/;

export class SubscriptionPump {
  constructor(private readonly deps: PumpDeps) {}

  /** One batch's worth of work on `partition`. */
  async step(partition: number, self: { kind: string; name: string }): Promise<StepOutcome> {
    const { store } = this.deps;
    const sub = store.load();
    const state = store.partition(partition);
    if (sub === null || sub.paused || state === null) return "idle";
    if (state.retryAt !== null && state.retryAt > this.deps.now()) return "idle";
    const batch = await this.readBatch(sub, state);
    if (!("records" in batch)) return this.sourceFailed(sub, state, batch);
    if (batch.count === 0 && state.batchEnd !== null) {
      // The batch in flight is gone (compaction removed its records): nothing left to send.
      moveOn(state, state.batchEnd);
      store.savePartition(state);
      return "more";
    }
    if (batch.count === 0) {
      const watch = await this.deps.source.watch(sub.topic, partition, batch.end, self);
      if (!watch.ok) return this.sourceFailed(sub, state, watch);
      return watch.armed ? "idle" : "more";
    }
    if (state.batchEnd !== batch.end) {
      state.batchEnd = batch.end;
      store.savePartition(state);
    }
    if (state.deadLetter !== null) return this.deadLetter(sub, state, batch);
    const outcome = await this.post(sub, partition, batch);
    return this.settle(sub, state, batch, outcome);
  }

  /** The batch at the delivered offset: the one in flight again when there is one. */
  private async readBatch(sub: SubscriptionRow, state: PartitionState): Promise<Batch | Failure> {
    const { config } = sub;
    const read = await this.deps.source.read(
      sub.topic,
      state.partition,
      state.deliveredOffset,
      config.batchMaxRecords,
      config.batchMaxBytes,
    );
    if (!read.ok) return read;
    if (read.count === 0) {
      return { records: "", count: 0, firstOffset: read.nextOffset, end: read.nextOffset };
    }
    const firstOffset = Number(FIRST_OFFSET.exec(read.records)?.[1] ?? state.deliveredOffset);
    const end = state.batchEnd ?? read.nextOffset;
    if (read.nextOffset <= end) {
      return { records: read.records, count: read.count, firstOffset, end };
    }
    // A retry reads past the batch in flight (more records since): cut it back to the same batch.
    const kept = (JSON.parse(`[${read.records}]`) as Array<{ offset: number }>).filter(
      (record) => record.offset < end,
    );
    const records = kept.map((record) => JSON.stringify(record)).join(",");
    return { records, count: kept.length, firstOffset, end };
  }

  private async post(sub: SubscriptionRow, partition: number, batch: Batch): Promise<PostOutcome> {
    const body =
      `{"subscription":${JSON.stringify(sub.name)},"topic":${JSON.stringify(sub.topic)},` +
      `"partition":${partition},"records":[${batch.records}]}`;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      [DELIVERY_ID_HEADER]: `${sub.name}/${sub.topic}/${partition}/${batch.firstOffset}`,
    };
    if (sub.config.secret !== null) {
      headers[SIGNATURE_HEADER] = await signDelivery(sub.config.secret, body, this.deps.now());
    }
    return postDelivery(sub.config.url, body, headers, sub.config.timeoutMs);
  }

  private async settle(
    sub: SubscriptionRow,
    state: PartitionState,
    batch: Batch,
    outcome: PostOutcome,
  ): Promise<StepOutcome> {
    const { store } = this.deps;
    state.lastStatus = outcome.status;
    if (outcome.error === null) {
      store.transaction(() => {
        moveOn(state, batch.end);
        store.savePartition(state);
        store.count(batch.count, 0);
      });
      return "more";
    }
    state.lastError = outcome.error;
    if (outcome.status === 410) {
      // Gone: the receiver asks to stop. Paused with the batch kept; resume retries it as is.
      store.transaction(() => {
        store.savePartition(state);
        store.setPaused(true);
      });
      return "idle";
    }
    state.attempts += 1;
    if (state.attempts < sub.config.maxAttempts) return this.retryLater(sub, state);
    if (sub.config.deadLetterTopic !== null) return this.deadLetter(sub, state, batch);
    // No dead-letter topic: failing, retried at the longest backoff, never skipped.
    return this.retryLater(sub, state, sub.config.backoffMsMax);
  }

  private async deadLetter(
    sub: SubscriptionRow,
    state: PartitionState,
    batch: Batch,
  ): Promise<StepOutcome> {
    const outcome: DeadLetterOutcome = await deadLetterBatch(this.deps, sub, state, batch.records);
    if (!outcome.ok) {
      state.lastError = `dead-letter write failed: ${outcome.error.message}`;
      return this.retryLater(sub, state);
    }
    const { store } = this.deps;
    store.transaction(() => {
      moveOn(state, batch.end);
      store.savePartition(state);
      store.count(0, batch.count);
    });
    return "more";
  }

  /** A read, watch or dead-letter write could not reach a partition: retried after backoffMs. */
  private sourceFailed(sub: SubscriptionRow, state: PartitionState, failure: Failure): StepOutcome {
    const code = failure.error.code;
    if (code === "OFFSET_OUT_OF_RANGE") {
      // Retention removed records before they were delivered: go on from the log start.
      const logStart = Number(failure.error.details?.logStartOffset ?? state.deliveredOffset);
      if (logStart > state.deliveredOffset) {
        const lost = `offsets ${state.deliveredOffset} to ${logStart - 1}`;
        moveOn(state, logStart);
        state.lastError = `${lost} were removed by retention before delivery`;
        this.deps.store.savePartition(state);
        return "more";
      }
    }
    if (code === "TOPIC_NOT_FOUND" || code === "PARTITION_NOT_FOUND") return "idle";
    state.lastError = failure.error.message;
    return this.retryLater(sub, state, sub.config.backoffMs);
  }

  private retryLater(sub: SubscriptionRow, state: PartitionState, nominalMs?: number): StepOutcome {
    const waitMs =
      nominalMs === undefined
        ? backoffMs(state.attempts, sub.config, this.deps.random())
        : backoffMs(1, { backoffMs: nominalMs, backoffMsMax: nominalMs }, this.deps.random());
    state.retryAt = this.deps.now() + waitMs;
    this.deps.store.savePartition(state);
    return "idle";
  }
}

/** The batch is handed over (delivered or dead-lettered): the partition moves past it. */
function moveOn(state: PartitionState, end: number): void {
  state.deliveredOffset = end;
  state.batchEnd = null;
  state.attempts = 0;
  state.retryAt = null;
  state.deadLetter = null;
  state.lastError = null;
}
