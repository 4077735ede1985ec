// The dialect's aggregates as pure state transitions over JSON state (stored per group row):
// `initial`, `add` one input value, `result`. NULL inputs are skipped, as SQL aggregates do.
import { COUNT_DISTINCT_VALUES_MAX } from "../protocol/limits.js";
import type { AggregateName, Json } from "./plan.js";
import { compareValues, expectNumber, TypeMismatch, textOf } from "./values.js";

export const AGGREGATE_NAMES: readonly AggregateName[] = [
  "COUNT",
  "SUM",
  "AVG",
  "MIN",
  "MAX",
  "COUNT_DISTINCT",
  "LATEST_BY_OFFSET",
  "EARLIEST_BY_OFFSET",
];

export function initialState(name: AggregateName): Json {
  switch (name) {
    case "COUNT":
      return 0;
    case "SUM":
    case "AVG":
      return { sum: 0, n: 0 };
    case "COUNT_DISTINCT":
      return [];
    default:
      return null;
  }
}

/**
 * The state after one more input. `star` counts rows (`COUNT(*)`). Throws TypeMismatch for a
 * value the aggregate cannot take; the state is then unchanged.
 */
export function addToState(name: AggregateName, state: Json, value: Json, star: boolean): Json {
  if (name === "COUNT") return (state as number) + (star || value !== null ? 1 : 0);
  if (value === null) return state;
  switch (name) {
    case "SUM":
    case "AVG": {
      const { sum, n } = state as { sum: number; n: number };
      return { sum: sum + expectNumber(value, name), n: n + 1 };
    }
    case "MIN":
    case "MAX": {
      if (typeof value !== "number" && typeof value !== "string") {
        throw new TypeMismatch(`${name} takes numbers or strings`);
      }
      if (state === null) return value;
      const order = compareValues(value, state);
      return (name === "MIN" ? order < 0 : order > 0) ? value : state;
    }
    case "COUNT_DISTINCT": {
      const seen = state as string[];
      const text = textOf(value);
      if (seen.includes(text)) return seen;
      if (seen.length >= COUNT_DISTINCT_VALUES_MAX) {
        throw new TypeMismatch(`COUNT_DISTINCT keeps at most ${COUNT_DISTINCT_VALUES_MAX} values`);
      }
      return [...seen, text];
    }
    case "LATEST_BY_OFFSET":
      return value;
    default:
      return state === null ? value : state;
  }
}

export function resultOf(name: AggregateName, state: Json): Json {
  switch (name) {
    case "SUM": {
      const { sum, n } = state as { sum: number; n: number };
      return n === 0 ? null : sum;
    }
    case "AVG": {
      const { sum, n } = state as { sum: number; n: number };
      return n === 0 ? null : sum / n;
    }
    case "COUNT_DISTINCT":
      return (state as string[]).length;
    default:
      return state;
  }
}
