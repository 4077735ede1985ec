// The parsed statement: a tree whose every node keeps the position of its first token.
import type { Position } from "./query-error.js";

export type ScalarType = "STRING" | "INTEGER" | "BIGINT" | "DOUBLE" | "BOOLEAN";

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "AND"
  | "OR";

export type Expr =
  | { kind: "literal"; value: string | number | boolean | null; at: Position }
  /** A name: `KEY`, `ROWTIME`, a value field, or `alias.name`. `quoted` keeps the case. */
  | { kind: "column"; qualifier: string | null; name: string; quoted: boolean; at: Position }
  /** `base->field`: a field of a JSON object (`VALUE->page`, `payload->user->id`). */
  | { kind: "field"; base: Expr; name: string; quoted: boolean; at: Position }
  | { kind: "header"; name: string; at: Position }
  | { kind: "negate"; operand: Expr; at: Position }
  | { kind: "not"; operand: Expr; at: Position }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; at: Position }
  | { kind: "isNull"; operand: Expr; negated: boolean; at: Position }
  | { kind: "like"; operand: Expr; pattern: Expr; negated: boolean; at: Position }
  | { kind: "in"; operand: Expr; list: Expr[]; negated: boolean; at: Position }
  | { kind: "between"; operand: Expr; low: Expr; high: Expr; negated: boolean; at: Position }
  | { kind: "case"; whens: { when: Expr; result: Expr }[]; otherwise: Expr | null; at: Position }
  | { kind: "cast"; operand: Expr; type: ScalarType; at: Position }
  /** A function or aggregate call; `star` for `COUNT(*)`. `name` is upper-case. */
  | { kind: "call"; name: string; args: Expr[]; star: boolean; at: Position };

export interface SelectItem {
  /** null: `*`. */
  readonly expr: Expr | null;
  readonly alias: { name: string; quoted: boolean } | null;
  readonly at: Position;
}

export interface Source {
  readonly name: string;
  readonly alias: string | null;
  readonly at: Position;
}

export interface Join {
  readonly inner: boolean;
  readonly table: Source;
  readonly on: Expr;
  readonly at: Position;
}

export interface Window {
  readonly kind: "tumbling" | "hopping";
  readonly sizeMs: number;
  /** Equal to the size for tumbling windows. */
  readonly advanceMs: number;
  readonly graceMs: number;
  readonly at: Position;
}

export interface Select {
  readonly items: SelectItem[];
  readonly from: Source;
  readonly join: Join | null;
  readonly window: Window | null;
  readonly where: Expr | null;
  readonly groupBy: Expr[];
  readonly partitionBy: Expr | null;
  readonly having: Expr | null;
  readonly emitChanges: boolean;
  readonly at: Position;
}

export interface WithProperties {
  readonly partitions: number | null;
  readonly start: "earliest" | "latest";
}

export type Statement =
  | {
      kind: "createStream" | "createTable";
      name: string;
      nameAt: Position;
      properties: WithProperties;
      select: Select;
      at: Position;
    }
  | { kind: "select"; select: Select; at: Position };
