// The SDK's producer (KafkaJS's `producer()`): batches messages per partition for up to
// `lingerMs`, sends each batch as one request, retries retriable failures with backoff, and is
// idempotent by default: every batch carries the producer id, epoch and its partition's sequence,
// so a retry after an unknown outcome is appended once (DESIGN.md §4, POST /v1/producers).
// A batch goes as the JSON envelope or as NDJSON (`transport`); see producer-wire.ts.
import { RECORDS_PER_REQUEST_MAX } from "../protocol/limits.js";
import { partitionForKey } from "../protocol/partitioner.js";
import type { ProducerFields } from "../protocol/produce-request.js";
import type { Acks } from "../protocol/types.js";
import { ClientLog } from "./client-log.js";
import { EdgelogClientError } from "./errors.js";
import type { LogOptions } from "./logger.js";
import {
  buildProduceBody,
  type ProduceTransport,
  resolveWireFormat,
  type WireFormat,
} from "./producer-wire.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

export interface Message {
  key?: string | null;
  value: unknown;
  headers?: Record<string, string>;
  /** Overrides the key's partition. */
  partition?: number;
  /** Milliseconds since the epoch; the log-append time when absent. */
  timestamp?: number;
}

export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
}

/**
 * `logger`, `logLevel`: where retried failures are logged (warn, once per outage and then every
 * 30 s, and an info line on recovery). An error that fails a send() rejects its promise and is not
 * logged: the caller has it.
 */
export interface ProducerOptions extends LogOptions {
  /** Appends each batch once however often it is retried (default true). */
  idempotent?: boolean;
  /** The idempotent producer's name: the same name gets the same id and fences older epochs. */
  name?: string;
  /** How long a batch waits for more messages before it is sent (default 5 ms). */
  lingerMs?: number;
  /** A batch is sent at once when it holds this many records (default 1,000; at most 10,000). */
  maxBatchRecords?: number;
  /** …or about this many bytes of JSON (default 1 MiB; requests are at most 4 MiB). */
  maxBatchBytes?: number;
  /** Idempotent producers need "all" (the default), like Kafka's enable.idempotence. */
  acks?: Acks;
  /**
   * How batches go on the wire: the JSON envelope, NDJSON (one record a line, producer fields in
   * the query), or "auto" (the default), which currently sends JSON: NDJSON measured no faster.
   */
  transport?: ProduceTransport;
}

interface Pending {
  message: Message;
  bytes: number;
  resolve: (metadata: RecordMetadata) => void;
  reject: (error: unknown) => void;
}

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

type OffsetEntry = {
  partition: number;
  offset?: number;
  timestamp?: number;
  error?: Record<string, unknown>;
};

type CompactEntry = {
  partition: number;
  baseOffset?: number;
  count: number;
  timestamp?: number;
  timestamps?: number[];
  error?: Record<string, unknown>;
};

/** The default answer, or the compact one (DESIGN.md §4; README, Produce); null for acks 0. */
type ProduceAnswer = { offsets?: OffsetEntry[]; partitions?: CompactEntry[] } | null;

/** Resolves or rejects each message of a sent batch from the produce answer. */
function settleBatch(topic: string, batch: Pending[], answer: ProduceAnswer): void {
  const compact = answer?.partitions?.[0];
  batch.forEach((pending, i) => {
    const entry =
      compact === undefined
        ? answer?.offsets?.[i]
        : compactEntryAt(compact, i, pending.message.timestamp);
    if (entry === undefined) {
      pending.resolve({ topic, partition: -1, offset: -1, timestamp: -1 });
    } else if (entry.error !== undefined) {
      pending.reject(EdgelogClientError.fromAnswer(503, { error: entry.error }));
    } else {
      pending.resolve({ topic, ...entry } as RecordMetadata);
    }
  });
}

/**
 * The `i`-th record of a one-partition batch from its compact entry: offsets follow request
 * order; a record sent with a timestamp keeps it, unless a duplicate answer gives the stored one.
 */
function compactEntryAt(
  entry: CompactEntry,
  i: number,
  sentTimestamp: number | undefined,
): OffsetEntry | undefined {
  if (entry.error !== undefined) return { partition: entry.partition, error: entry.error };
  if (entry.baseOffset === undefined || i >= entry.count) return undefined;
  const timestamp = entry.timestamps?.[i] ?? sentTimestamp ?? entry.timestamp;
  return { partition: entry.partition, offset: entry.baseOffset + i, timestamp };
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
