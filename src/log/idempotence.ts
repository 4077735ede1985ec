// Kafka's idempotent-producer rules for one partition: a batch is appended only if its sequence
// follows the producer's last one in the same epoch; a retry of one of the last batches answers
// its original offsets; an older epoch is fenced; a gap is out of order. The sequence counts
// batches, or records when the producer says so (sequenceUnit, Kafka's rule).
import type { ProducerBatch, StoredProducerBatch } from "./batch-row.js";

export type SequenceCheck =
  | { kind: "append" }
  | { kind: "duplicate"; batch: StoredProducerBatch }
  | { kind: "fenced"; epoch: number }
  | { kind: "out-of-order"; expected: number };

/** `newest` are the producer's last stored batches here, newest first. */
export function checkSequence(
  newest: StoredProducerBatch[],
  producer: ProducerBatch,
): SequenceCheck {
  const last = newest[0];
  if (last === undefined || producer.epoch > last.epoch) {
    // A producer's first batch here, or its first in a new epoch, starts at sequence 0.
    return producer.sequence === 0 ? { kind: "append" } : { kind: "out-of-order", expected: 0 };
  }
  if (producer.epoch < last.epoch) return { kind: "fenced", epoch: last.epoch };
  const duplicate = newest.find(
    (b) => b.epoch === producer.epoch && b.sequence === producer.sequence,
  );
  if (duplicate !== undefined) return { kind: "duplicate", batch: duplicate };
  // Kafka counts a producer's sequence in records, edgelog by default in batches.
  const next = last.sequence + (producer.sequenceUnit === "records" ? last.recordCount : 1);
  if (producer.sequence === next) return { kind: "append" };
  return { kind: "out-of-order", expected: next };
}
