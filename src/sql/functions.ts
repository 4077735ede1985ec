// The dialect's scalar functions, by name, each with its argument count bounds.
import type { Json } from "./plan.js";
import { expectNumber, expectString, TypeMismatch, textOf } from "./values.js";

interface ScalarFunction {
  readonly argsMin: number;
  readonly argsMax: number;
  /** Whether a NULL argument makes the result NULL without calling `apply`. */
  readonly nullIn: boolean;
  apply(args: Json[]): Json;
}

const strict = (argsMin: number, argsMax: number, apply: (args: Json[]) => Json) => ({
  argsMin,
  argsMax,
  nullIn: true,
  apply,
});

export const SCALAR_FUNCTIONS: Record<string, ScalarFunction> = {
  UPPER: strict(1, 1, ([s]) => expectString(s as Json, "UPPER").toUpperCase()),
  LOWER: strict(1, 1, ([s]) => expectString(s as Json, "LOWER").toLowerCase()),
  TRIM: strict(1, 1, ([s]) => expectString(s as Json, "TRIM").trim()),
  LEN: strict(1, 1, ([s]) => expectString(s as Json, "LEN").length),
  /** 1-based start, as SQL; a negative start counts from the end. */
  SUBSTRING: strict(2, 3, ([s, start, length]) => {
    const text = expectString(s as Json, "SUBSTRING");
    const from = Math.trunc(expectNumber(start as Json, "SUBSTRING"));
    const begin = from > 0 ? from - 1 : Math.max(0, text.length + from);
    if (length === undefined) return text.slice(begin);
    return text.slice(begin, begin + Math.max(0, Math.trunc(expectNumber(length, "SUBSTRING"))));
  }),
  /** NULL arguments are skipped (ksqlDB's CONCAT). */
  CONCAT: {
    argsMin: 1,
    argsMax: 64,
    nullIn: false,
    apply: (args) =>
      args
        .filter((arg) => arg !== null)
        .map(textOf)
        .join(""),
  },
  REPLACE: strict(3, 3, ([s, from, to]) =>
    expectString(s as Json, "REPLACE").replaceAll(
      expectString(from as Json, "REPLACE"),
      expectString(to as Json, "REPLACE"),
    ),
  ),
  ABS: strict(1, 1, ([x]) => Math.abs(expectNumber(x as Json, "ABS"))),
  ROUND: strict(1, 2, ([x, digits]) => {
    const value = expectNumber(x as Json, "ROUND");
    const scale = 10 ** Math.trunc(digits === undefined ? 0 : expectNumber(digits, "ROUND"));
    // Half away from zero, as SQL's ROUND, not JavaScript's half-up toward +∞.
    return (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale;
  }),
  FLOOR: strict(1, 1, ([x]) => Math.floor(expectNumber(x as Json, "FLOOR"))),
  CEIL: strict(1, 1, ([x]) => Math.ceil(expectNumber(x as Json, "CEIL"))),
  COALESCE: {
    argsMin: 1,
    argsMax: 64,
    nullIn: false,
    apply: (args) => args.find((arg) => arg !== null) ?? null,
  },
  IFNULL: {
    argsMin: 2,
    argsMax: 2,
    nullIn: false,
    apply: ([a, b]) => (a === undefined || a === null ? (b ?? null) : a),
  },
  TIMESTAMPTOSTRING: strict(2, 2, ([ms, pattern]) =>
    formatTimestamp(
      expectNumber(ms as Json, "TIMESTAMPTOSTRING"),
      expectString(pattern as Json, "TIMESTAMPTOSTRING"),
    ),
  ),
};

/**
 * Java's SimpleDateFormat letters ksqlDB users write (yyyy MM dd HH mm ss SSS, 'quoted text'),
 * in UTC. Other letters are refused rather than silently printed.
 */
export function formatTimestamp(ms: number, pattern: string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new TypeMismatch(`${ms} is not a timestamp`);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  const fields: Record<string, string> = {
    yyyy: pad(date.getUTCFullYear(), 4),
    MM: pad(date.getUTCMonth() + 1, 2),
    dd: pad(date.getUTCDate(), 2),
    HH: pad(date.getUTCHours(), 2),
    mm: pad(date.getUTCMinutes(), 2),
    ss: pad(date.getUTCSeconds(), 2),
    SSS: pad(date.getUTCMilliseconds(), 3),
  };
  let out = "";
  const parts = pattern.match(/'[^']*'|yyyy|MM|dd|HH|mm|ss|SSS|[A-Za-z]|[^A-Za-z']+/g) ?? [];
  for (const part of parts) {
    if (part.startsWith("'")) out += part.length === 2 ? "'" : part.slice(1, -1);
    else if (fields[part] !== undefined) out += fields[part];
    else if (/^[A-Za-z]$/.test(part))
      throw new TypeMismatch(`pattern letter ${part} is not supported`);
    else out += part;
  }
  return out;
}
