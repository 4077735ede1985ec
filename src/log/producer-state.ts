// An idempotent producer's state on one partition (Kafka's producer state, KIP-98's
// idempotence window): its newest stored batches decide whether a new batch is appended, is a
// retry answered with its original offsets, or is refused. The rules are idempotence.ts.
import { type Failure, fail } from "../protocol/errors.js";
import { PRODUCER_BATCHES_KEPT } from "../protocol/limits.js";
import type { ProducerBatch, StoredProducerBatch } from "./batch-row.js";
import type { BatchStore } from "./batch-store.js";
import { checkSequence, type SequenceCheck } from "./idempotence.js";
import { timestampsIn } from "./record-reader.js";

/** What becomes of a producer's batch: appended, answered as a retry, or refused. */
export type Admission =
  | { kind: "append" }
  | { kind: "duplicate"; batch: StoredProducerBatch }
  | Failure;

/** A sequence check as the append answers it. */
export function admissionOf(check: SequenceCheck, producer: ProducerBatch): Admission {
  switch (check.kind) {
    case "fenced":
      return fail("PRODUCER_FENCED", `producer epoch ${producer.epoch} is fenced`, {
        epoch: check.epoch,
      });
    case "out-of-order":
      return fail("OUT_OF_ORDER_SEQUENCE", `expected sequence ${check.expected}`, {
        expectedSequence: check.expected,
      });
    default:
      return check;
  }
}

export class ProducerState {
  constructor(private readonly store: BatchStore) {}

  /** Checks `producer`'s batch against its newest PRODUCER_BATCHES_KEPT batches here. */
  admit(producer: ProducerBatch): Admission {
    const newest = this.store.producerBatches(producer.id, PRODUCER_BATCHES_KEPT);
    return admissionOf(checkSequence(newest, producer), producer);
  }

  /** The stored timestamps of a retried batch's records: its original answer. */
  originalTimestamps(batch: StoredProducerBatch): number[] {
    const end = batch.baseOffset + batch.recordCount;
    const rows = this.store.rowsFrom(batch.baseOffset, end, Number.MAX_SAFE_INTEGER);
    return timestampsIn(rows, batch.baseOffset, batch.recordCount);
  }
}
