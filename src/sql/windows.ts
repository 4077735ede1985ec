// Event-time windows aligned to the epoch: which windows a timestamp falls in, and the key
// forms of a table's rows (design/stream-sql.md, "Windows" and "Names").
import { WINDOWS_PER_RECORD_MAX } from "../protocol/limits.js";
import type { Json, WindowPlan } from "./plan.js";
import { textOf } from "./values.js";

/** Start times of the windows holding `timestampMs`, oldest first. */
export function windowStartsOf(window: WindowPlan, timestampMs: number): number[] {
  const last = Math.floor(timestampMs / window.advanceMs) * window.advanceMs;
  const starts: number[] = [];
  for (let start = last; start > timestampMs - window.sizeMs; start -= window.advanceMs) {
    starts.unshift(start);
    if (starts.length >= WINDOWS_PER_RECORD_MAX) break;
  }
  return starts;
}

/** `|` and `@` inside a key part are escaped with `\` (and `\` itself), so keys split back. */
export function escapeKeyPart(value: Json): string {
  return textOf(value).replace(/[\\|@]/g, (c) => `\\${c}`);
}

/** The group key: the GROUP BY values joined by `|`. */
export function groupKeyOf(values: readonly Json[]): string {
  return values.map(escapeKeyPart).join("|");
}

/** A row's key: the group key, and for windowed tables `@<window start>`. */
export function rowKeyOf(groupKey: string, windowStartMs: number | null): string {
  return windowStartMs === null ? groupKey : `${groupKey}@${windowStartMs}`;
}
