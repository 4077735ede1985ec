// A checked query: what the checker makes of a statement, and all a processor needs to run it.
// Plain JSON (processors store it), built only from the tree: no user text is ever executed.
import type { BinaryOp, ScalarType } from "./tree.js";

export type Json = null | boolean | number | string | Json[] | { [field: string]: Json };

/** Which record an expression reads: the stream's (0) or the joined table's row (1). */
export type Side = 0 | 1;

export type MetaColumn = "KEY" | "ROWTIME" | "ROWPARTITION" | "ROWOFFSET";

export type Bound =
  | { k: "lit"; value: Json }
  | { k: "meta"; side: Side; name: MetaColumn }
  /** A field path into the record's value (empty: the whole value). */
  | { k: "value"; side: Side; path: string[] }
  | { k: "header"; name: string }
  /** A group value or aggregate result of a table's row, by position. */
  | { k: "slot"; index: number }
  | { k: "neg"; a: Bound }
  | { k: "not"; a: Bound }
  | { k: "bin"; op: BinaryOp; a: Bound; b: Bound }
  | { k: "isNull"; a: Bound; negated: boolean }
  | { k: "like"; a: Bound; pattern: Bound; negated: boolean }
  | { k: "in"; a: Bound; list: Bound[]; negated: boolean }
  | { k: "between"; a: Bound; low: Bound; high: Bound; negated: boolean }
  | { k: "case"; whens: [Bound, Bound][]; otherwise: Bound | null }
  | { k: "cast"; a: Bound; type: ScalarType }
  | { k: "fn"; name: string; args: Bound[] };

export type AggregateName =
  | "COUNT"
  | "SUM"
  | "AVG"
  | "MIN"
  | "MAX"
  | "COUNT_DISTINCT"
  | "LATEST_BY_OFFSET"
  | "EARLIEST_BY_OFFSET";

export interface AggregateCall {
  readonly name: AggregateName;
  /** null: `COUNT(*)`. */
  readonly arg: Bound | null;
}

export interface OutputColumn {
  readonly name: string;
  readonly expr: Bound;
}

export interface WindowPlan {
  readonly sizeMs: number;
  readonly advanceMs: number;
  readonly graceMs: number;
}

export interface JoinPlan {
  /** The table: a CREATE TABLE output or a compacted topic, read as latest value per key. */
  readonly table: string;
  readonly inner: boolean;
  /** The stream-side expression matched against the table's key. */
  readonly streamKey: Bound;
}

export interface StreamPlan {
  readonly kind: "stream";
  readonly input: string;
  readonly join: JoinPlan | null;
  readonly where: Bound | null;
  readonly columns: OutputColumn[];
  /** The output key; null keeps the input key. */
  readonly partitionBy: Bound | null;
}

export interface TablePlan {
  readonly kind: "table";
  readonly input: string;
  readonly where: Bound | null;
  /** Slots 0..groupBy.length-1 of a row. */
  readonly groupBy: Bound[];
  /** Slots groupBy.length.. of a row. */
  readonly aggregates: AggregateCall[];
  /** Over slots. */
  readonly columns: OutputColumn[];
  readonly having: Bound | null;
  readonly window: WindowPlan | null;
}

export type QueryPlan = StreamPlan | TablePlan;
