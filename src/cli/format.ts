// How the CLI shows things: aligned tables for people, one JSON object a line for programs,
// and records either as their value (kafka-console-consumer's default) or as JSON.
import type { FetchedRecord } from "../protocol/types.js";

export type Cell = string | number | null | undefined;

/** Columns padded to their widest cell; `-` for an absent value. */
export function table(headers: string[], rows: Cell[][]): string {
  const text = [headers, ...rows.map((row) => row.map(cellText))];
  const widths = headers.map((_, i) => Math.max(...text.map((row) => (row[i] ?? "").length)));
  return text
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "),
    )
    .join("\n");
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined || cell === "") return "-";
  return typeof cell === "number" ? String(cell) : cell;
}

export interface RecordFormat {
  json: boolean;
  /** Readable output: prefix the key and this separator (`--print-key`). */
  keySeparator: string | null;
}

/** One consumed record as one output line. */
export function formatRecord(
  topic: string,
  partition: number,
  record: FetchedRecord,
  format: RecordFormat,
): string {
  if (format.json) return JSON.stringify({ topic, partition, ...record });
  const value = valueText(record);
  if (format.keySeparator === null) return value;
  const key = record.key ?? (record.keyBase64 !== undefined ? decodeBase64(record.keyBase64) : "");
  return `${key}${format.keySeparator}${value}`;
}

/** Strings as they are, bytes decoded as UTF-8, every other JSON value as compact JSON. */
function valueText(record: FetchedRecord): string {
  if (record.valueBase64 !== undefined) return decodeBase64(record.valueBase64);
  return typeof record.value === "string" ? record.value : JSON.stringify(record.value ?? null);
}

function decodeBase64(text: string): string {
  return Buffer.from(text, "base64").toString("utf8");
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A topic config as `name=value` pairs, in the order the API lists them. */
export function configText(config: object): string {
  return Object.entries(config)
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(",") : value}`)
    .join(" ");
}
