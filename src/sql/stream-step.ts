// One input record through a stream query (CREATE STREAM … AS SELECT): join lookup key, WHERE,
// projection, re-key. Pure: the processor supplies the joined table row and writes the output.
import { evaluate, type RecordView, type Scope, truth } from "./evaluator.js";
import type { Json, OutputColumn, StreamPlan } from "./plan.js";
import { isObject, TypeMismatch, textOf } from "./values.js";

export interface OutputRecord {
  readonly key: string | null;
  /** null: a tombstone. */
  readonly value: Json;
  readonly timestamp: number;
}

export interface StepResult<T> {
  readonly result: T;
  /** Type mismatches met (each made a column NULL or dropped the record). */
  readonly errors: number;
}

/** The table key a stream record joins on (as a string, like every key), or null. */
export function joinKeyOf(plan: StreamPlan, record: RecordView): StepResult<string | null> {
  if (plan.join === null) return { result: null, errors: 0 };
  try {
    const key = evaluate(plan.join.streamKey, { records: [record, null], slots: [] });
    return { result: key === null ? null : textOf(key), errors: 0 };
  } catch (error) {
    if (error instanceof TypeMismatch) return { result: null, errors: 1 };
    throw error;
  }
}

/** The output record, or null when WHERE (or an inner join without a match) drops it. */
export function streamStep(
  plan: StreamPlan,
  record: RecordView,
  tableRow: RecordView | null,
): StepResult<OutputRecord | null> {
  if (plan.join?.inner === true && tableRow === null) return { result: null, errors: 0 };
  const scope: Scope = { records: [record, tableRow], slots: [] };
  let errors = 0;
  if (plan.where !== null) {
    const keep = guarded(() =>
      truth(evaluate(plan.where as NonNullable<typeof plan.where>, scope)),
    );
    errors += keep.errors;
    if (keep.result !== true) return { result: null, errors };
  }
  const projected = projectColumns(plan.columns, scope);
  errors += projected.errors;
  let key = record.key;
  if (plan.partitionBy !== null) {
    const partitionBy = plan.partitionBy;
    const keyed = guarded(() => evaluate(partitionBy, scope));
    errors += keyed.errors;
    key = keyed.result === null ? null : textOf(keyed.result);
  }
  return { result: { key, value: projected.result, timestamp: record.timestamp }, errors };
}

/** Selected columns as an object; `*` spreads the value's fields (or names it VALUE). */
export function projectColumns(
  columns: readonly OutputColumn[],
  scope: Scope,
): StepResult<{ [name: string]: Json }> {
  const out: { [name: string]: Json } = {};
  let errors = 0;
  for (const column of columns) {
    const value = guarded(() => evaluate(column.expr, scope));
    errors += value.errors;
    if (column.name !== "*") out[column.name] = value.result;
    else if (isObject(value.result)) Object.assign(out, value.result);
    else out.VALUE = value.result;
  }
  return { result: out, errors };
}

/** Runs one evaluation; a type mismatch becomes NULL and one counted error. */
export function guarded(run: () => Json): StepResult<Json> {
  try {
    return { result: run(), errors: 0 };
  } catch (error) {
    if (error instanceof TypeMismatch) return { result: null, errors: 1 };
    throw error;
  }
}
