// Retries with bounded, jittered exponential backoff (KafkaJS's retrier, src/retry): only
// errors edgelog marks retriable; a bug-class error (TypeError and friends) is never retried.
import type { ClientLog } from "./client-log.js";
import { EdgelogClientError } from "./errors.js";
import type { LogExtra } from "./logger.js";

export interface RetryOptions {
  /** Attempts after the first. */
  retries: number;
  initialMs: number;
  maxMs: number;
  /** Each wait is the previous × factor, ± `jitter` of itself. */
  factor: number;
  jitter: number;
}

export const RETRY_DEFAULTS: RetryOptions = {
  retries: 5,
  initialMs: 100,
  maxMs: 5_000,
  factor: 2,
  jitter: 0.2,
};

/** Waits `ms`, or less when `signal` aborts; leaves no listener behind either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener("abort", wake, { once: true });
  });
}

/** Who hears of the retries: a component's log, and the operation's name in it. */
export interface RetryWatch {
  log: ClientLog;
  /** e.g. "fetch orders/0": names the log line and the failure streak. */
  operation: string;
  /** The log lines' fields (topic, partition, group, …). */
  fields?: LogExtra;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retriable error, or retries run out. Each
 * retry is told to `watch`'s log (warn, folded into the operation's streak), and so is the
 * success that ends a streak; the final error is the caller's to report. Once `signal` aborts,
 * the wait before the next attempt ends and no attempt follows: the last error is thrown.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: RetryOptions = RETRY_DEFAULTS,
  watch?: RetryWatch,
  signal?: AbortSignal,
): Promise<T> {
  let waitMs = options.initialMs;
  for (let retry = 0; ; retry++) {
    let result: T;
    try {
      result = await attempt();
    } catch (err) {
      const retriable = err instanceof EdgelogClientError && err.retriable;
      if (!retriable || retry >= options.retries || signal?.aborted) throw err;
      // RATE_LIMITED says how long to wait; otherwise back off.
      const asked = err.details?.retryAfterMs;
      const jittered = waitMs * (1 + options.jitter * (2 * Math.random() - 1));
      const sleepMs = typeof asked === "number" ? asked : Math.min(jittered, options.maxMs);
      watch?.log.retrying(watch.operation, err, sleepMs, watch.fields);
      await sleep(sleepMs, signal);
      if (signal?.aborted) throw err;
      waitMs = Math.min(waitMs * options.factor, options.maxMs);
      continue;
    }
    watch?.log.succeeded(watch.operation, watch.fields);
    return result;
  }
}
