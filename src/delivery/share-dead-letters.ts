// Writing a share group's archived records to its dead-letter topic, exactly once: each batch
// is given its dead-letter partition and an idempotent producer sequence in SQLite before it is
// sent, so a retry after a crash resends that very batch and the partition answers it as a
// duplicate instead of appending it twice (Kafka's idempotent producer, KIP-98).
import { encodeBatch } from "../log/encoded-batch.js";
import { encodeRecord } from "../log/record-codec.js";
import { EdgelogError, type Failure } from "../protocol/errors.js";
import {
  SHARE_DEAD_LETTER_RETRY_MS_MAX,
  SHARE_DEAD_LETTER_RETRY_MS_MIN,
  SHARE_DEAD_LETTERS_PER_BATCH_MAX,
} from "../protocol/limits.js";
import type { FetchedRecord, ProduceRecord } from "../protocol/types.js";
import { deadLetterPartition, deadLetterRecord } from "./dead-letter-record.js";
import type { PartitionClient } from "./partition-client.js";
import type { PendingDeadLetter } from "./share-outbox.js";
import type { ShareStore } from "./share-store.js";

/** Batches written per drain; the alarm comes back for the rest. */
const BATCHES_PER_DRAIN_MAX = 10;

export class ShareDeadLetters {
  private retryMs = SHARE_DEAD_LETTER_RETRY_MS_MIN;
  private retryAt = 0;

  constructor(
    private readonly store: ShareStore,
    private readonly partitions: PartitionClient,
    /** A new epoch of the group's idempotent producer (the catalog's initProducer). */
    private readonly initProducer: () => Promise<{ id: string; epoch: number }>,
    private readonly now: () => number,
  ) {}

  /** When the next drain is due: null when nothing waits. */
  nextDrainAt(): number | null {
    return this.store.outbox.hasPending() ? Math.max(this.retryAt, this.now()) : null;
  }

  /** Writes waiting dead letters; a failure backs off and leaves them for the next alarm. */
  async drain(): Promise<void> {
    if (this.retryAt > this.now()) return;
    for (let i = 0; i < BATCHES_PER_DRAIN_MAX; i++) {
      const failure = await this.writeOneBatch();
      if (failure === "done") break;
      if (failure !== null) {
        console.warn(`edgelog: dead letters not written: ${failure.error.message}`);
        this.retryAt = this.now() + this.retryMs;
        this.retryMs = Math.min(this.retryMs * 2, SHARE_DEAD_LETTER_RETRY_MS_MAX);
        return;
      }
    }
    this.retryMs = SHARE_DEAD_LETTER_RETRY_MS_MIN;
    this.retryAt = 0;
  }

  /** null: a batch went out (or was dropped); "done": nothing waits; a Failure: try later. */
  private async writeOneBatch(): Promise<Failure | "done" | null> {
    const pending = this.store.outbox.pending(SHARE_DEAD_LETTERS_PER_BATCH_MAX);
    const first = pending[0];
    if (first === undefined) return "done";
    const producer = this.store.outbox.producer() ?? (await this.newProducer());
    let batch: PendingDeadLetter[];
    if (first.sequence !== null) {
      batch = pending.filter(
        (l) =>
          l.deadTopic === first.deadTopic &&
          l.deadPartition === first.deadPartition &&
          l.sequence === first.sequence,
      );
    } else {
      const placed = await this.place(pending.filter((l) => l.sequence === null));
      if (!Array.isArray(placed)) return placed;
      if (placed.length === 0) return null;
      const partition = (placed[0] as { partition: number }).partition;
      batch = placed.filter((p) => p.partition === partition).map((p) => p.letter);
      const sequence = this.store.outbox.assignBatch(batch, partition);
      batch = batch.map((l) => ({ ...l, deadPartition: partition, sequence }));
    }
    return this.send(batch, producer);
  }

  private async send(
    batch: PendingDeadLetter[],
    producer: { id: string; epoch: number },
  ): Promise<Failure | null> {
    const head = batch[0] as PendingDeadLetter;
    const records: ProduceRecord[] = [];
    for (const letter of batch) {
      const source = await this.sourceRecord(letter);
      if (source === null) continue; // gone from the log meanwhile: nothing to write
      if ("ok" in source) return source;
      records.push(deadLetterRecord(letter, source, letter.reason));
    }
    if (records.length === 0) {
      this.store.outbox.delete(batch);
      return null;
    }
    let encoded: ReturnType<typeof encodeRecord>[];
    try {
      encoded = records.map((r, i) => encodeRecord(r, i));
    } catch (err) {
      if (!(err instanceof EdgelogError)) throw err;
      // Too large with the added headers: it cannot be written, so it is dropped, loudly.
      console.warn(`edgelog: dead letters of ${head.topic} dropped: ${err.message}`);
      this.store.outbox.delete(batch);
      return null;
    }
    const positions = records.map((_, i) => i);
    const result = await this.partitions.append(
      head.deadTopic,
      head.deadPartition ?? 0,
      encodeBatch(records, encoded, positions),
      { ...producer, sequence: head.sequence ?? 0 },
    );
    if (result.ok) {
      this.store.outbox.delete(batch);
      return null;
    }
    const code = result.error.code;
    if (code === "OUT_OF_ORDER_SEQUENCE" || code === "PRODUCER_FENCED") {
      // The partition lost our producer's state (the topic was recreated): a new epoch starts
      // every sequence at 0 again, and the batches are placed anew.
      await this.newProducer();
      return null;
    }
    if (code === "TOPIC_NOT_FOUND" || code === "PARTITION_NOT_FOUND") {
      console.warn(`edgelog: dead-letter topic ${head.deadTopic} is gone; letters dropped`);
      this.store.outbox.delete(batch);
      return null;
    }
    return result;
  }

  /** Each letter's dead-letter partition, from its record's key; letters of gone records go. */
  private async place(
    letters: PendingDeadLetter[],
  ): Promise<Array<{ letter: PendingDeadLetter; partition: number }> | Failure> {
    let count: number;
    try {
      count = (await this.partitions.topic((letters[0] as PendingDeadLetter).deadTopic)).partitions
        .length;
    } catch (err) {
      if (!(err instanceof EdgelogError)) throw err;
      if (err.code !== "TOPIC_NOT_FOUND") return err.toFailure();
      this.store.outbox.delete(letters);
      return [];
    }
    const placed: Array<{ letter: PendingDeadLetter; partition: number }> = [];
    for (const letter of letters) {
      const source = await this.sourceRecord(letter);
      if (source === null) {
        this.store.outbox.delete([letter]);
        continue;
      }
      if ("ok" in source) return source;
      const record = deadLetterRecord(letter, source, letter.reason);
      placed.push({ letter, partition: deadLetterPartition(record, letter.partition, count) });
    }
    return placed;
  }

  /** The archived record as the log holds it; null when retention or compaction removed it. */
  private async sourceRecord(letter: PendingDeadLetter): Promise<FetchedRecord | Failure | null> {
    const share = this.store.partition(letter.topic, letter.partition);
    let topicId = share?.topicId;
    if (topicId === undefined) {
      try {
        topicId = (await this.partitions.topic(letter.topic)).topicId;
      } catch {
        return null;
      }
    }
    const range = { offset: letter.offset, maxRecords: 1, maxBytes: 1, waitMs: 0 };
    const read = await this.partitions.read(letter.topic, letter.partition, topicId, range);
    if (!read.ok) {
      const gone = ["OFFSET_OUT_OF_RANGE", "TOPIC_NOT_FOUND", "PARTITION_NOT_FOUND"];
      return gone.includes(read.error.code) ? null : read;
    }
    const [record] = JSON.parse(`[${read.records}]`) as FetchedRecord[];
    return record?.offset === letter.offset ? record : null;
  }

  private async newProducer(): Promise<{ id: string; epoch: number }> {
    const producer = await this.initProducer();
    this.store.outbox.saveProducer(producer);
    return producer;
  }
}
