// Writing a push batch that exhausted its attempts to the dead-letter topic, exactly once: the
// records of source partition p go to dead-letter partition p mod N as one batch of the
// subscription's idempotent producer, under a sequence reserved (and persisted) before the
// write, so a retry after a crash or a lost answer is answered as a duplicate, not appended again.
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import { deadLetterRecords } from "./subscription-dead-letters.js";
import type { SubscriptionSource } from "./subscription-source.js";
import type { PartitionState, SubscriptionRow, SubscriptionStore } from "./subscription-store.js";

export type DeadLetterOutcome = { ok: true } | Failure;

interface WriterDeps {
  store: SubscriptionStore;
  source: SubscriptionSource;
}

export async function deadLetterBatch(
  deps: WriterDeps,
  sub: SubscriptionRow,
  state: PartitionState,
  records: string,
): Promise<DeadLetterOutcome> {
  const topic = sub.config.deadLetterTopic;
  if (topic === null) return { ok: true };
  const producer = await producerOf(deps, sub);
  if (!producer.ok) return producer;
  if (state.deadLetter === null) {
    let partitions: number;
    try {
      partitions = (await deps.source.topic(topic)).partitions.length;
    } catch (err) {
      return failureOf(err);
    }
    const partition = state.partition % partitions;
    deps.store.transaction(() => {
      state.deadLetter = { partition, sequence: deps.store.takeDeadLetterSequence(partition) };
      deps.store.savePartition(state);
    });
  }
  const target = state.deadLetter as { partition: number; sequence: number };
  const letters = deadLetterRecords(records, {
    topic: sub.topic,
    partition: state.partition,
    lastStatus: state.lastStatus,
  });
  const appended = await deps.source.append(topic, target.partition, letters, {
    id: producer.id,
    epoch: producer.epoch,
    sequence: target.sequence,
  });
  return appended.ok ? { ok: true } : appended;
}

/** The subscription's producer, initialised once (each initialisation is a new epoch). */
async function producerOf(
  deps: WriterDeps,
  sub: SubscriptionRow,
): Promise<{ ok: true; id: string; epoch: number } | Failure> {
  if (sub.producer !== null) return { ok: true, ...sub.producer };
  try {
    const made = await deps.source.cluster.catalog.initProducer(
      `edgelog.subscription/${sub.topic}/${sub.name}`,
    );
    deps.store.setProducer(made.id, made.epoch);
    sub.producer = { id: made.id, epoch: made.epoch };
    return made;
  } catch (err) {
    return failureOf(err);
  }
}

function failureOf(err: unknown): Failure {
  if (err instanceof EdgelogError) return err.toFailure();
  return fail("UNAVAILABLE", err instanceof Error ? err.message : String(err));
}
