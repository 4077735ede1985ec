// Evaluates checked expressions (plan.ts) over a record, a joined table row, or a table's row
// of group values and aggregates. Three-valued logic: NULL propagates, AND/OR as SQL.
import { SCALAR_FUNCTIONS } from "./functions.js";
import type { Bound, Json } from "./plan.js";
import {
  castValue,
  compareValues,
  expectNumber,
  expectString,
  pathOf,
  TypeMismatch,
} from "./values.js";

/** A record as a query sees it. */
export interface RecordView {
  readonly key: string | null;
  readonly timestamp: number;
  readonly partition: number;
  readonly offset: number;
  readonly value: Json;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Scope {
  /** [stream record, joined table row or null]. */
  readonly records: readonly [RecordView | null, RecordView | null];
  /** A table's group values then aggregate results. */
  readonly slots: readonly Json[];
}

export function evaluate(expr: Bound, scope: Scope): Json {
  switch (expr.k) {
    case "lit":
      return expr.value;
    case "meta": {
      const record = scope.records[expr.side];
      if (record === null || record === undefined) return null;
      if (expr.name === "KEY") return record.key;
      if (expr.name === "ROWTIME") return record.timestamp;
      return expr.name === "ROWPARTITION" ? record.partition : record.offset;
    }
    case "value": {
      const record = scope.records[expr.side];
      return record === null || record === undefined ? null : pathOf(record.value, expr.path);
    }
    case "header":
      return scope.records[0]?.headers[expr.name] ?? null;
    case "slot":
      return scope.slots[expr.index] ?? null;
    case "neg": {
      const a = evaluate(expr.a, scope);
      return a === null ? null : -expectNumber(a, "unary -");
    }
    case "not": {
      const a = truth(evaluate(expr.a, scope));
      return a === null ? null : !a;
    }
    case "bin":
      return binary(expr.op, expr.a, expr.b, scope);
    case "isNull":
      return (evaluate(expr.a, scope) === null) !== expr.negated;
    case "like":
      return like(evaluate(expr.a, scope), evaluate(expr.pattern, scope), expr.negated);
    case "in":
      return inList(expr, scope);
    case "between": {
      const a = evaluate(expr.a, scope);
      const low = evaluate(expr.low, scope);
      const high = evaluate(expr.high, scope);
      if (a === null || low === null || high === null) return null;
      return (compareValues(a, low) >= 0 && compareValues(a, high) <= 0) !== expr.negated;
    }
    case "case": {
      for (const [when, result] of expr.whens) {
        if (truth(evaluate(when, scope)) === true) return evaluate(result, scope);
      }
      return expr.otherwise === null ? null : evaluate(expr.otherwise, scope);
    }
    case "cast":
      return castValue(evaluate(expr.a, scope), expr.type);
    case "fn":
      return call(expr.name, expr.args, scope);
  }
}

/** A condition's truth: NULL is unknown; anything but a boolean is a type mismatch. */
export function truth(value: Json): boolean | null {
  if (value === null || typeof value === "boolean") return value;
  throw new TypeMismatch("a condition must be a boolean");
}

function binary(op: string, left: Bound, right: Bound, scope: Scope): Json {
  if (op === "AND" || op === "OR") {
    const a = truth(evaluate(left, scope));
    // Short-circuit as SQL does: FALSE AND x is FALSE, TRUE OR x is TRUE, whatever x is.
    if (op === "AND" && a === false) return false;
    if (op === "OR" && a === true) return true;
    const b = truth(evaluate(right, scope));
    if (op === "AND") return b === false ? false : a === null || b === null ? null : true;
    return b === true ? true : a === null || b === null ? null : false;
  }
  const a = evaluate(left, scope);
  const b = evaluate(right, scope);
  if (a === null || b === null) return null;
  switch (op) {
    case "=":
      return compareValues(a, b) === 0;
    case "<>":
      return compareValues(a, b) !== 0;
    case "<":
      return compareValues(a, b) < 0;
    case "<=":
      return compareValues(a, b) <= 0;
    case ">":
      return compareValues(a, b) > 0;
    case ">=":
      return compareValues(a, b) >= 0;
  }
  const x = expectNumber(a, op);
  const y = expectNumber(b, op);
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    // Division by zero is NULL (ksqlDB), never Infinity, which JSON cannot carry.
    case "/":
      return y === 0 ? null : x / y;
    default:
      return y === 0 ? null : x % y;
  }
}

function inList(expr: Extract<Bound, { k: "in" }>, scope: Scope): Json {
  const a = evaluate(expr.a, scope);
  if (a === null) return null;
  let sawNull = false;
  for (const item of expr.list) {
    const value = evaluate(item, scope);
    if (value === null) sawNull = true;
    else if (compareValues(a, value) === 0) return !expr.negated;
  }
  return sawNull ? null : expr.negated;
}

const likeCache = new Map<string, RegExp>();
const LIKE_CACHE_ENTRIES_MAX = 256;

/** `%` any run, `_` one character; everything else literal (escaped before it meets RegExp). */
function like(value: Json, pattern: Json, negated: boolean): Json {
  if (value === null || pattern === null) return null;
  const text = expectString(value, "LIKE");
  const source = expectString(pattern, "LIKE");
  let regex = likeCache.get(source);
  if (regex === undefined) {
    const body = source.replace(/[.*+?^${}()|[\]\\%_]/g, (c) =>
      c === "%" ? "[\\s\\S]*" : c === "_" ? "[\\s\\S]" : `\\${c}`,
    );
    regex = new RegExp(`^${body}$`);
    if (likeCache.size >= LIKE_CACHE_ENTRIES_MAX) likeCache.clear();
    likeCache.set(source, regex);
  }
  return regex.test(text) !== negated;
}

function call(name: string, args: Bound[], scope: Scope): Json {
  const fn = SCALAR_FUNCTIONS[name];
  if (fn === undefined) throw new TypeMismatch(`no function ${name}`);
  const values = args.map((arg) => evaluate(arg, scope));
  if (fn.nullIn && values.some((value) => value === null)) return null;
  return fn.apply(values);
}
