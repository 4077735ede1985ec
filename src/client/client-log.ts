// One SDK component's log (consumer, producer, admin, tail): the user's logger filtered by level,
// each line opened by the component's name, and failures folded into streaks so that an outage
// reads as its first failure, a line per quiet period, and its recovery.
import { EdgelogClientError } from "./errors.js";
import { FailureStreaks, type StreakNote } from "./failure-streaks.js";
import {
  checkLogLevel,
  consoleLogger,
  errorFields,
  errorText,
  LOG_LEVELS,
  type LogExtra,
  type Logger,
  type LogMethod,
  type LogOptions,
} from "./logger.js";

export class ClientLog {
  private readonly logger: Logger;
  private readonly threshold: number;

  constructor(
    private readonly namespace: string,
    options: LogOptions = {},
    private readonly streaks = new FailureStreaks(),
  ) {
    this.logger = options.logger ?? consoleLogger;
    this.threshold = LOG_LEVELS.indexOf(checkLogLevel(options.logLevel));
  }

  enabled(level: LogMethod): boolean {
    return LOG_LEVELS.indexOf(level) <= this.threshold;
  }

  write(level: LogMethod, message: string, extra: LogExtra = {}): void {
    if (!this.enabled(level)) return;
    try {
      this.logger[level](`${this.namespace}: ${message}`, { namespace: this.namespace, ...extra });
    } catch {
      // A failing logger must not fail the fetch, heartbeat or send it was told about.
    }
  }

  /** A retriable failure of `operation`, tried again after `waitMs`: warn, once per streak. */
  retrying(operation: string, error: unknown, waitMs: number, extra: LogExtra = {}): void {
    const retryInMs = Math.round(waitMs);
    const note = this.streaks.failed(operation, causeOf(error));
    this.failure("warn", note, operation, error, `retrying in ${retryInMs} ms`, {
      ...extra,
      retryInMs,
    });
  }

  /**
   * A failure handed to this log instead of to the caller: warn when edgelog marks it retriable
   * (the component tries again), error otherwise; repeats are folded into the streak.
   */
  failed(operation: string, error: unknown, extra: LogExtra = {}): void {
    const retriable = error instanceof EdgelogClientError && error.retriable;
    const note = this.streaks.failed(operation, causeOf(error));
    this.failure(retriable ? "warn" : "error", note, operation, error, null, extra);
  }

  /** `operation` succeeded: a streak of failures, if one was running, ends with an info line. */
  succeeded(operation: string, extra: LogExtra = {}): void {
    const recovery = this.streaks.succeeded(operation);
    if (recovery === null) return;
    const failures = `${recovery.failures} failure${recovery.failures === 1 ? "" : "s"}`;
    this.write(
      "info",
      `${operation} recovered after ${failures} in ${seconds(recovery.streakMs)}`,
      {
        ...extra,
        operation,
        failures: recovery.failures,
        streakMs: recovery.streakMs,
      },
    );
  }

  private failure(
    level: LogMethod,
    note: StreakNote | null,
    operation: string,
    error: unknown,
    next: string | null,
    extra: LogExtra,
  ): void {
    if (note === null) return;
    const then = next === null ? "" : `, ${next}`;
    let message = `${operation} failed (${errorText(error)})${then}`;
    if (note.kind === "changed") message += `; it failed with ${note.previousCause} before`;
    if (note.kind === "repeated") {
      message = `${operation} still failing (${errorText(error)}): ${note.failures} failures in ${seconds(note.streakMs)}${then}`;
    }
    this.write(level, message, { ...extra, operation, ...errorFields(error) });
  }
}

/** What makes two failures the same: an edgelog error's code, else the error's class. */
function causeOf(error: unknown): string {
  if (error instanceof EdgelogClientError) return error.code;
  return error instanceof Error ? error.name : typeof error;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
