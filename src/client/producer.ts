// The SDK's producer (KafkaJS's `producer()`): batches messages per partition for up to
// `lingerMs`, sends each batch as one request, retries retriable failures with backoff, and is
// idempotent by default: every batch carries the producer id, epoch and its partition's sequence,
// so a retry after an unknown outcome is appended once (DESIGN.md §4, POST /v1/producers).
// A batch goes as the JSON envelope or as NDJSON (`transport`); see producer-wire.ts. Its messages
// and options are in producer-types.ts, the reading of the answer in produce-answer.ts.
import { RECORDS_PER_REQUEST_MAX } from "../protocol/limits.js";
import { partitionForKey } from "../protocol/partitioner.js";
import type { ProducerFields } from "../protocol/produce-request.js";
import type { Acks } from "../protocol/types.js";
import { ClientLog } from "./client-log.js";
import { EdgelogClientError } from "./errors.js";
import { type Pending, type ProduceAnswer, settleBatch } from "./produce-answer.js";
import type { Message, ProducerOptions, RecordMetadata } from "./producer-types.js";
import { buildProduceBody, resolveWireFormat, type WireFormat } from "./producer-wire.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

export type * from "./producer-types.js";

/** One partition's (or, without idempotence, one topic's) queue and its in-flight batch. */
interface Lane {
  topic: string;
  partition: number | null;
  queue: Pending[];
  bytes: number;
  timer: ReturnType<typeof setTimeout> | null;
  inFlight: Promise<void> | null;
  sequence: number;
}

const METADATA_TTL_MS = 5_000;
const utf8 = new TextEncoder();

export class Producer {
  private readonly lanes = new Map<string, Lane>();
  private readonly partitionCounts = new Map<string, { count: number; at: number }>();
  private identity: Promise<{ id: string; epoch: number }> | null = null;
  /** Settles once every earlier send() has queued its messages. */
  private queuedInOrder: Promise<unknown> = Promise.resolve();
  private readonly idempotent: boolean;
  private readonly lingerMs: number;
  private readonly maxBatchRecords: number;
  private readonly maxBatchBytes: number;
  private readonly acks: Acks;
  private readonly wireFormat: WireFormat;
  private readonly log: ClientLog;
  private closed = false;

  constructor(
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    private readonly options: ProducerOptions = {},
  ) {
    this.idempotent = options.idempotent ?? true;
    this.lingerMs = options.lingerMs ?? 5;
    this.maxBatchRecords = Math.min(options.maxBatchRecords ?? 1_000, RECORDS_PER_REQUEST_MAX);
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.acks = options.acks ?? "all";
    this.wireFormat = resolveWireFormat(options.transport);
    this.log = new ClientLog("producer", options);
    if (this.idempotent && this.acks !== "all") {
      throw new TypeError('an idempotent producer needs acks "all" (or idempotent: false)');
    }
  }

  /**
   * Sends messages to a topic; resolves with each one's offset, in order, once acknowledged.
   * Calls need not await each other: messages are queued in the order send() was called, so
   * per partition they are appended in that order (Kafka's producer keeps it too), even when
   * one call waits for the topic's partition count and a later one would find it cached.
   */
  async send(input: { topic: string; messages: Message[] }): Promise<RecordMetadata[]> {
    if (this.closed) throw new TypeError("this producer is disconnected");
    const queued = this.queuedInOrder.then(() => this.queue(input));
    this.queuedInOrder = queued.catch(() => undefined);
    return (await queued).acknowledged;
  }

  /** Chooses partitions and queues the messages; the acknowledgements are left to await. */
  private async queue(input: { topic: string; messages: Message[] }) {
    const count = this.idempotent ? await this.partitionCount(input.topic) : 0;
    const sticky = count > 0 ? Math.floor(Math.random() * count) : 0;
    const acknowledged = Promise.all(
      input.messages.map((message) => {
        const partition = this.idempotent ? choosePartition(message, count, sticky) : null;
        return this.enqueue(input.topic, partition, message);
      }),
    );
    // Wrapped, so the chain in send() waits for the queueing and not for the acknowledgements.
    return { acknowledged };
  }

  /** Sends every queued batch now and waits for all of them. */
  async flush(): Promise<void> {
    for (const lane of this.lanes.values()) this.schedule(lane, true);
    await Promise.allSettled([...this.lanes.values()].map((lane) => lane.inFlight));
    if ([...this.lanes.values()].some((lane) => lane.queue.length > 0)) await this.flush();
  }

  /** Flushes, then refuses further sends. */
  async disconnect(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private enqueue(topic: string, partition: number | null, message: Message) {
    return new Promise<RecordMetadata>((resolve, reject) => {
      const key = `${topic}/${partition ?? "*"}`;
      let lane = this.lanes.get(key);
      if (lane === undefined) {
        lane = { topic, partition, queue: [], bytes: 0, timer: null, inFlight: null, sequence: 0 };
        this.lanes.set(key, lane);
      }
      const bytes = JSON.stringify(message).length;
      lane.queue.push({ message, bytes, resolve, reject });
      lane.bytes += bytes;
      const full = lane.queue.length >= this.maxBatchRecords || lane.bytes >= this.maxBatchBytes;
      this.schedule(lane, full);
    });
  }

  /** Sends the lane's batch after the linger, or now; one batch in flight per lane keeps order. */
  private schedule(lane: Lane, now: boolean): void {
    if (lane.inFlight !== null || lane.queue.length === 0) return;
    if (!now && lane.timer !== null) return;
    if (lane.timer !== null) clearTimeout(lane.timer);
    lane.timer = setTimeout(
      () => {
        lane.timer = null;
        if (lane.inFlight !== null) return;
        lane.inFlight = this.sendBatch(lane).finally(() => {
          lane.inFlight = null;
          this.schedule(lane, lane.queue.length >= this.maxBatchRecords);
        });
      },
      now ? 0 : this.lingerMs,
    );
  }

  private async sendBatch(lane: Lane): Promise<void> {
    const batch = this.takeBatch(lane);
    try {
      const records = batch.map((p) => toRecord(p.message, lane.partition));
      let producer: ProducerFields | undefined;
      if (this.idempotent) {
        const { id, epoch } = await this.producerIdentity();
        producer = { id, epoch, sequence: lane.sequence };
      }
      // A lane of one partition asks for the compact answer: its records hold that partition's
      // offsets in order. A topic-wide lane's records are placed by the server, so it needs each.
      const compact = lane.partition !== null;
      const body = buildProduceBody(this.wireFormat, records, this.acks, producer, compact);
      const path = apiPath("topics", lane.topic, "records");
      const { topic, partition } = lane;
      const target = partition === null ? topic : `${topic}/${partition}`;
      const fields = partition === null ? { topic } : { topic, partition };
      const answer = await withRetry(
        () => this.transport.request<ProduceAnswer>("POST", path, body),
        this.retry,
        { log: this.log, operation: `produce to ${target}`, fields },
      );
      if (this.idempotent) lane.sequence++;
      settleBatch(lane.topic, batch, answer);
    } catch (err) {
      for (const pending of batch) pending.reject(err);
      // Retries ran out with the outcome unknown: the batch may be stored under this sequence.
      // Like Kafka, start a new epoch (sequences from 0) rather than reuse it for other records.
      if (this.idempotent && err instanceof EdgelogClientError && err.retriable) this.newEpoch();
    }
  }

  private newEpoch(): void {
    this.identity = null;
    for (const lane of this.lanes.values()) lane.sequence = 0;
  }

  /** The oldest queued messages that fit one request. */
  private takeBatch(lane: Lane): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < lane.queue.length && n < this.maxBatchRecords) {
      const next = (lane.queue[n] as Pending).bytes;
      if (n > 0 && bytes + next > this.maxBatchBytes) break;
      bytes += next;
      n++;
    }
    lane.bytes -= bytes;
    return lane.queue.splice(0, n);
  }

  private producerIdentity(): Promise<{ id: string; epoch: number }> {
    this.identity ??= withRetry(
      () =>
        this.transport.request<{ id: string; epoch: number }>("POST", "/v1/producers", {
          body: { name: this.options.name ?? `sdk-${crypto.randomUUID()}` },
        }),
      this.retry,
      { log: this.log, operation: "register the producer" },
    ).catch((err: unknown) => {
      this.identity = null;
      throw err;
    });
    return this.identity;
  }

  private async partitionCount(topic: string): Promise<number> {
    const cached = this.partitionCounts.get(topic);
    if (cached !== undefined && Date.now() - cached.at < METADATA_TTL_MS) return cached.count;
    const described = await withRetry(
      () => this.transport.request<{ partitions: unknown[] }>("GET", apiPath("topics", topic)),
      this.retry,
      { log: this.log, operation: `describe topic ${topic}` },
    );
    const count = described.partitions.length;
    this.partitionCounts.set(topic, { count, at: Date.now() });
    return count;
  }
}

/** Explicit partition, else Kafka's murmur2 of the key, else the batch's sticky partition. */
function choosePartition(message: Message, count: number, sticky: number): number {
  if (message.partition !== undefined) return message.partition;
  if (typeof message.key === "string") return partitionForKey(utf8.encode(message.key), count);
  return sticky;
}

function toRecord(message: Message, partition: number | null): Record<string, unknown> {
  const record: Record<string, unknown> = { value: message.value };
  if (message.key !== undefined) record.key = message.key;
  if (message.headers !== undefined) record.headers = message.headers;
  if (message.timestamp !== undefined) record.timestamp = message.timestamp;
  if (partition !== null) record.partition = partition;
  else if (message.partition !== undefined) record.partition = message.partition;
  return record;
}
