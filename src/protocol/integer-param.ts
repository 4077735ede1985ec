// Integers in queries and paths (offsets, partitions, sizes, waits, producer fields): one parser
// and one canonical form, so each number has exactly one spelling.
import { EdgelogError } from "./errors.js";

/**
 * Digits without a sign, spaces or leading zeros (`0` itself is fine): `05`, `-0`, `+5`, ` 5`,
 * `5.0` and `1e1` are refused rather than read as 5, 0 or 10. Sixteen digits at most, as no
 * safe integer has more.
 */
const CANONICAL_INTEGER = /^(?:0|[1-9]\d{0,15})$/;

/** `raw` as an integer in [min, max] (min ≥ 0), or INVALID_REQUEST naming `name`. */
export function parseInteger(raw: string, name: string, min: number, max: number): number {
  const value = CANONICAL_INTEGER.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new EdgelogError(
      "INVALID_REQUEST",
      `${name} must be an integer from ${min} to ${max}, written in digits without a sign or leading zeros`,
      { [name]: raw },
    );
  }
  return value;
}

/** An integer query parameter in [min, max], or `fallback` when absent. */
export function integerParam(
  query: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  return parseInteger(raw, name, min, max);
}
