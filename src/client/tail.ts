// Live tailing of one partition over Server-Sent Events (DESIGN.md §4): an async iterator of
// record pages that reconnects with `Last-Event-ID` when the server ends a stream (connections
// have a bounded lifetime) or it breaks, so pages continue exactly where the last one ended.
// EventSource cannot send an Authorization header, hence this reader over fetch.
import type { FetchedRecord } from "../protocol/types.js";
import type { ClientLog } from "./client-log.js";
import { EdgelogClientError } from "./errors.js";
import { type RetryOptions, sleep, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

export interface TailOptions {
  topic: string;
  partition: number;
  /** Where to start; the log start when absent (as fetch). */
  offset?: number;
  /** Ends the iteration (the iterator then returns without error). */
  signal?: AbortSignal;
}

export interface TailPage {
  topic: string;
  partition: number;
  records: FetchedRecord[];
  /** The offset after this page: where a reconnect resumes. */
  nextOffset: number;
}

export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

/**
 * Pages of records as they are committed, until `signal` aborts or a non-retriable error;
 * reconnections after a failure are logged to `log`.
 */
export async function* tailPartition(
  transport: Transport,
  retry: RetryOptions,
  options: TailOptions,
  log: ClientLog,
): AsyncGenerator<TailPage> {
  const { topic, partition, signal } = options;
  const path = apiPath("topics", topic, "partitions", partition, "records");
  // Connecting and streaming fail apart: a stream that connects and then breaks is no recovery.
  const connecting = { log, operation: `connect to tail ${topic}/${partition}` };
  const streaming = `tail ${topic}/${partition}`;
  let resumeAt: number | undefined = options.offset;
  let failures = 0;
  // A function, so TypeScript does not narrow `aborted` across the awaits that change it.
  const aborted = () => signal?.aborted === true;
  while (!aborted()) {
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (resumeAt !== undefined) headers["last-event-id"] = String(resumeAt);
    let response: Response;
    try {
      response = await withRetry(
        () => transport.send("GET", path, { headers, signal }),
        retry,
        connecting,
        signal,
      );
    } catch (err) {
      if (aborted()) return;
      throw err;
    }
    let pages = 0;
    try {
      for await (const event of sseEvents(response)) {
        if (event.event === "error") throw errorOf(event.data);
        if (event.event !== "records" || event.id === null) continue;
        const nextOffset = Number(event.id);
        resumeAt = nextOffset;
        if (pages++ === 0) log.succeeded(streaming);
        yield { topic, partition, records: JSON.parse(event.data), nextOffset };
      }
      failures = 0;
    } catch (err) {
      if (aborted()) return;
      if (err instanceof EdgelogClientError && !err.retriable) throw err;
      // A broken stream or a retriable error event: reconnect from the last event's id, at
      // once if the stream had delivered something, else after a growing pause.
      failures = pages > 0 ? 0 : failures + 1;
      if (failures > retry.retries) throw err;
      const waitMs = Math.min(retry.initialMs * retry.factor ** failures, retry.maxMs);
      log.retrying(streaming, err, waitMs);
      await sleep(waitMs, signal);
    }
  }
}

function errorOf(data: string): EdgelogClientError {
  let body: unknown = null;
  try {
    body = { error: JSON.parse(data) };
  } catch {
    // Not JSON: fromAnswer names the stream failure alone.
  }
  return EdgelogClientError.fromAnswer(503, body);
}

/** Splits an event stream into events (the WHATWG rules, as far as this server uses them). */
export async function* sseEvents(response: Response): AsyncGenerator<SseEvent> {
  if (response.body === null) return;
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let buffered = "";
  let event: SseEvent = { event: "message", id: null, data: "" };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let start = 0;
      for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n", start)) {
        const line = buffered.slice(start, buffered[end - 1] === "\r" ? end - 1 : end);
        start = end + 1;
        if (line !== "") {
          addField(event, line);
        } else if (event.data !== "" || event.event !== "message") {
          yield event;
          event = { event: "message", id: null, data: "" };
        }
      }
      buffered = buffered.slice(start);
    }
  } finally {
    reader.releaseLock();
    await response.body.cancel().catch(() => undefined);
  }
}

/** One `field: value` line into the event being read; comments (`:`) are keep-alives. */
function addField(event: SseEvent, line: string): void {
  if (line.startsWith(":")) return;
  const colon = line.indexOf(":");
  const field = colon < 0 ? line : line.slice(0, colon);
  const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
  if (field === "event") event.event = value;
  else if (field === "id") event.id = value;
  else if (field === "data") event.data = event.data === "" ? value : `${event.data}\n${value}`;
}
