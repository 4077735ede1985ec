// How the console writes numbers, sizes, times and record values for people: pure functions, so
// the unit tests pin them (test/unit/console-format.test.ts).
import type { FetchedRecord } from "../../src/protocol/types.js";

/** What a cell shows for a value nobody could read (Kafka's tools print `-`). */
export const UNKNOWN = "-";

/** An integer with thousands separated by commas (1,234); under 1,000 it is its digits. */
export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return UNKNOWN;
  const digits = String(Math.abs(Math.round(count)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return count < 0 && grouped !== "0" ? `-${grouped}` : grouped;
}

/** A rate per second: one decimal below 10 (0.5/s shows as 0.5), a count above. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null || !Number.isFinite(perSecond)) return UNKNOWN;
  if (perSecond > 0 && perSecond < 10) return perSecond.toFixed(1);
  return formatCount(perSecond);
}

const BYTE_UNITS = ["KiB", "MiB", "GiB", "TiB"];

/** Bytes in binary units: under 1,024 as a count of bytes, else one decimal (1.5 KiB). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return UNKNOWN;
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  let scaled = bytes / 1024;
  let unit = 0;
  while (scaled >= 1024 && unit < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return `${scaled.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A record timestamp (ms since the epoch) in UTC, to the millisecond, as logs print it. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", " UTC");
}

/** A duration in whole seconds for lag: 45 s, 3 min 20 s, 2 h 5 min. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return UNKNOWN;
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${formatCount(Math.floor(whole / 3600))} h ${Math.floor((whole % 3600) / 60)} min`;
}

/**
 * A record value as text: JSON objects and arrays pretty-printed, a string that holds a JSON
 * object or array pretty-printed too (producers often send JSON as text), other strings as they
 * are, bytes as their base64 with a label.
 */
export function formatValue(record: Pick<FetchedRecord, "value" | "valueBase64">): string {
  if (record.valueBase64 !== undefined) return `(bytes, base64) ${record.valueBase64}`;
  const value = record.value;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        // Not JSON after all: shown as written.
      }
    }
    return value;
  }
  return JSON.stringify(value ?? null, null, 2);
}

/** A record key as text: `-` when there is none, bytes as their base64 with a label. */
export function formatKey(record: Pick<FetchedRecord, "key" | "keyBase64">): string {
  if (record.keyBase64 !== undefined) return `(bytes, base64) ${record.keyBase64}`;
  return record.key ?? UNKNOWN;
}

/**
 * Whether a record matches the browser's filter: case-insensitively, the text appears in its key,
 * its value as shown, or a header name or value. An empty filter matches everything.
 */
export function recordMatches(record: FetchedRecord, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  if (wanted === "") return true;
  const texts = [formatKey(record), formatValue(record), ...Object.entries(record.headers).flat()];
  return texts.some((text) => text.toLowerCase().includes(wanted));
}
