// The SDK's logging vocabulary: a logger is any object with debug/info/warn/error(message, extra)
// (console, pino, winston and most others fit as they are), filtered by a level; the default
// writes one line per event to the console.
import { EdgelogClientError } from "./errors.js";

/** Fields beside a message: the operation, topic, partition, error code, retry delay, … */
export type LogExtra = Record<string, unknown>;

export interface Logger {
  error(message: string, extra?: LogExtra): void;
  warn(message: string, extra?: LogExtra): void;
  info(message: string, extra?: LogExtra): void;
  debug(message: string, extra?: LogExtra): void;
}

/** Most to least severe; a logger hears its level and every level before it. */
export const LOG_LEVELS = ["nothing", "error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogMethod = Exclude<LogLevel, "nothing">;

export interface LogOptions {
  /** Where the SDK's log lines go (default: one line per event on the console). */
  logger?: Logger;
  /** The least severe level written (default "info"); "nothing" silences the SDK. */
  logLevel?: LogLevel;
}

/** The default: `[edgelog] warn consumer: fetch orders/0 failed (UNAVAILABLE: …), retrying in 400 ms`. */
export const consoleLogger: Logger = {
  error: (message, extra) => console.error(consoleLine("error", message, extra)),
  warn: (message, extra) => console.warn(consoleLine("warn", message, extra)),
  info: (message, extra) => console.info(consoleLine("info", message, extra)),
  debug: (message, extra) => console.debug(consoleLine("debug", message, extra)),
};

/** One line; a bug-class error (anything not edgelog's) adds its stack, which is where it is. */
function consoleLine(level: LogMethod, message: string, extra: LogExtra | undefined): string {
  const line = `[edgelog] ${level} ${message}`;
  const error = extra?.error;
  return error instanceof Error && error.stack !== undefined ? `${line}\n${error.stack}` : line;
}

/**
 * What a log line carries about an error: an edgelog error's code and status (its stack only
 * shows the SDK's own frames, and a retriable failure is an event, not a bug), anything else as
 * the error itself, so loggers print its stack.
 */
export function errorFields(error: unknown): LogExtra {
  if (error instanceof EdgelogClientError) {
    return { code: error.code, status: error.status, retriable: error.retriable };
  }
  return { error };
}

/** The error's text for a message line. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The level as given, or a TypeError at construction for one that does not exist. */
export function checkLogLevel(level: LogLevel | undefined): LogLevel {
  if (level === undefined) return "info";
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new TypeError(`logLevel is one of ${LOG_LEVELS.join(", ")}, not ${String(level)}`);
  }
  return level;
}
