// Reading one partition directly, outside consumer groups (Kafka's assign() with a manual position):
// one page from an offset, long-polling when nothing is new.
import type { FetchResponse } from "../protocol/types.js";
import { type RetryOptions, type RetryWatch, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

export interface ReadOptions {
  topic: string;
  partition: number;
  /** The first offset to read; the log start when absent. */
  offset?: number;
  /** Records per page (server default 500, at most 10,000). */
  maxRecords?: number;
  maxBytes?: number;
  /** How long to wait when nothing is new (long-poll; at most 30 s). */
  waitMs?: number;
  signal?: AbortSignal;
}

/** One page of records below the high watermark, with where to read next; retries go to `watch`. */
export function readPartition(
  transport: Transport,
  retry: RetryOptions,
  options: ReadOptions,
  watch?: RetryWatch,
): Promise<FetchResponse> {
  const { topic, partition, offset, maxRecords, maxBytes, waitMs, signal } = options;
  const path = apiPath("topics", topic, "partitions", partition, "records");
  const query = { offset, maxRecords, maxBytes, waitMs };
  const request: Parameters<Transport["request"]>[2] = { query };
  if (signal !== undefined) request.signal = signal;
  return withRetry(
    () => transport.request<FetchResponse>("GET", path, request),
    retry,
    watch,
    signal,
  );
}
