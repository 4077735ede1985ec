// The producer's public vocabulary: the messages send() takes, the metadata it answers with and
// the options `producer()` accepts.
import type { Acks } from "../protocol/types.js";
import type { LogOptions } from "./logger.js";
import type { ProduceTransport } from "./producer-wire.js";

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
