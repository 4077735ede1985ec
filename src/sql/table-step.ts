// One input record through a table query (CREATE TABLE … GROUP BY): WHERE, group key, windows
// with lateness, aggregate updates; and a changed row's emitted form (HAVING, tombstones).
// Pure over a row store the processor backs with its SQLite.
import { addToState, initialState, resultOf } from "./aggregates.js";
import { evaluate, type RecordView, type Scope, truth } from "./evaluator.js";
import type { Json, TablePlan } from "./plan.js";
import { guarded, type OutputRecord, projectColumns } from "./stream-step.js";
import { TypeMismatch } from "./values.js";
import { groupKeyOf, rowKeyOf, windowStartsOf } from "./windows.js";

/** A table row's state. */
export interface RowState {
  readonly groupValues: Json[];
  readonly windowStartMs: number | null;
  readonly aggregates: Json[];
  /** Whether the last emitted record of this key was a row (not a tombstone or nothing). */
  readonly visible: boolean;
}

export interface RowStore {
  get(rowKey: string): RowState | null;
  put(rowKey: string, row: RowState): void;
}

export interface TableStepResult {
  /** Keys of the rows this record changed. */
  readonly changed: string[];
  readonly errors: number;
  /** The record was late for at least one of its windows (and dropped from those). */
  readonly late: boolean;
  readonly streamTimeMs: number;
}

export function tableStep(
  plan: TablePlan,
  record: RecordView,
  streamTimeMs: number,
  rows: RowStore,
): TableStepResult {
  const streamTime = Math.max(streamTimeMs, record.timestamp);
  const scope: Scope = { records: [record, null], slots: [] };
  let errors = 0;
  const none = (): TableStepResult => ({
    changed: [],
    errors,
    late: false,
    streamTimeMs: streamTime,
  });
  if (plan.where !== null) {
    const where = plan.where;
    const keep = guarded(() => truth(evaluate(where, scope)));
    errors += keep.errors;
    if (keep.result !== true) return none();
  }
  const groupValues: Json[] = [];
  for (const expr of plan.groupBy) {
    const value = guarded(() => evaluate(expr, scope));
    errors += value.errors;
    // ksqlDB drops records whose group key is NULL: no row could hold them.
    if (value.result === null) return none();
    groupValues.push(value.result);
  }
  const groupKey = groupKeyOf(groupValues);
  const window = plan.window;
  const starts = window === null ? [null] : windowStartsOf(window, record.timestamp);
  const changed: string[] = [];
  let late = false;
  for (const start of starts) {
    if (window !== null && start !== null && streamTime >= start + window.sizeMs + window.graceMs) {
      late = true;
      continue;
    }
    const rowKey = rowKeyOf(groupKey, start);
    const row = rows.get(rowKey) ?? {
      groupValues,
      windowStartMs: start,
      aggregates: plan.aggregates.map((a) => initialState(a.name)),
      visible: false,
    };
    const aggregates = plan.aggregates.map((aggregate, i) => {
      const state = row.aggregates[i] as Json;
      try {
        const value = aggregate.arg === null ? null : evaluate(aggregate.arg, scope);
        return addToState(aggregate.name, state, value, aggregate.arg === null);
      } catch (error) {
        if (!(error instanceof TypeMismatch)) throw error;
        errors++;
        return state;
      }
    });
    rows.put(rowKey, { ...row, aggregates });
    changed.push(rowKey);
  }
  return { changed, errors, late, streamTimeMs: streamTime };
}

/** The slots a row's SELECT and HAVING read: group values, then aggregate results. */
export function slotsOf(plan: TablePlan, row: RowState): Json[] {
  return [
    ...row.groupValues,
    ...plan.aggregates.map((a, i) => resultOf(a.name, row.aggregates[i] as Json)),
  ];
}

/** A row's output value: the selected columns, plus WINDOWSTART and WINDOWEND when windowed. */
export function rowValueOf(
  plan: TablePlan,
  row: RowState,
): { value: { [name: string]: Json }; errors: number } {
  const projected = projectColumns(plan.columns, {
    records: [null, null],
    slots: slotsOf(plan, row),
  });
  const value = projected.result;
  if (plan.window !== null && row.windowStartMs !== null) {
    value.WINDOWSTART = row.windowStartMs;
    value.WINDOWEND = row.windowStartMs + plan.window.sizeMs;
  }
  return { value, errors: projected.errors };
}

/**
 * What a changed row emits: its value, a tombstone when it stops satisfying HAVING, or nothing
 * when it never did. Returns the row's new visibility for the store.
 */
export function emitRow(
  plan: TablePlan,
  rowKey: string,
  row: RowState,
  timestampMs: number,
): { record: OutputRecord | null; visible: boolean; errors: number } {
  let errors = 0;
  if (plan.having !== null) {
    const having = plan.having;
    const keep = guarded(() =>
      truth(evaluate(having, { records: [null, null], slots: slotsOf(plan, row) })),
    );
    errors += keep.errors;
    if (keep.result !== true) {
      const record = row.visible ? { key: rowKey, value: null, timestamp: timestampMs } : null;
      return { record, visible: false, errors };
    }
  }
  const { value, errors: valueErrors } = rowValueOf(plan, row);
  return {
    record: { key: rowKey, value, timestamp: timestampMs },
    visible: true,
    errors: errors + valueErrors,
  };
}
