// Pull queries over a table's state (design/stream-sql.md, "Pull queries"): which rows to read
// (a group key, window bounds) and the columns to answer, checked against the table's plan.

import type { Json, TablePlan } from "./plan.js";
import { invalidQuery, type Position } from "./query-error.js";
import { didYouMean } from "./suggest.js";
import type { Expr, Select } from "./tree.js";
import { groupKeyOf } from "./windows.js";

export interface PullPlan {
  /** The stored group key to read, or null for every row. */
  readonly groupKey: string | null;
  /** WINDOWSTART bounds, inclusive. */
  readonly windowStartMinMs: number;
  readonly windowStartMaxMs: number;
  readonly columns: string[];
}

export function checkPullQuery(select: Select, table: TablePlan): PullPlan {
  if (
    select.join !== null ||
    select.window !== null ||
    select.groupBy.length > 0 ||
    select.partitionBy !== null ||
    select.having !== null
  ) {
    throw invalidQuery(
      "a pull query is SELECT … FROM <table> [WHERE KEY = … [AND WINDOWSTART …]]",
      select.at,
    );
  }
  const available = [
    ...table.columns.map((c) => c.name),
    ...(table.window === null ? [] : ["WINDOWSTART", "WINDOWEND"]),
  ];
  const columns: string[] = [];
  for (const item of select.items) {
    if (item.expr === null) {
      columns.push(...available);
      continue;
    }
    if (item.expr.kind !== "column" || item.expr.qualifier !== null) {
      throw invalidQuery("a pull query selects the table's columns by name", item.at);
    }
    const name = item.expr.name;
    const found = available.find((c) =>
      item.expr?.kind === "column" && item.expr.quoted
        ? c === name
        : c.toUpperCase() === name.toUpperCase(),
    );
    if (found === undefined) {
      throw invalidQuery(`unknown column ${name}${didYouMean(name, available)}`, item.at);
    }
    columns.push(found);
  }
  const plan = {
    groupKey: null as string | null,
    windowStartMinMs: -Infinity,
    windowStartMaxMs: Infinity,
    columns,
  };
  for (const condition of conjuncts(select.where)) applyCondition(plan, condition, table);
  return plan;
}

function conjuncts(expr: Expr | null): Expr[] {
  if (expr === null) return [];
  if (expr.kind === "binary" && expr.op === "AND")
    return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

function applyCondition(
  plan: { groupKey: string | null; windowStartMinMs: number; windowStartMaxMs: number },
  expr: Expr,
  table: TablePlan,
): void {
  const refuse = (at: Position) =>
    invalidQuery(
      "a pull query filters on KEY = <literal> and WINDOWSTART comparisons joined by AND",
      at,
    );
  if (expr.kind === "between" && !expr.negated && isColumn(expr.operand, "WINDOWSTART")) {
    plan.windowStartMinMs = Math.max(plan.windowStartMinMs, numberOf(expr.low));
    plan.windowStartMaxMs = Math.min(plan.windowStartMaxMs, numberOf(expr.high));
    return;
  }
  if (expr.kind !== "binary") throw refuse(expr.at);
  const flipped: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=" };
  let column = expr.left;
  let literal = expr.right;
  let op: string = expr.op;
  if (column.kind === "literal") {
    [column, literal] = [literal, column];
    op = flipped[op] ?? op;
  }
  if (literal.kind !== "literal") throw refuse(expr.at);
  if (isColumn(column, "KEY") && op === "=") {
    const value = literal.value as Json;
    plan.groupKey = table.groupBy.length === 1 ? groupKeyOf([value]) : String(value);
    return;
  }
  if (!isColumn(column, "WINDOWSTART") || table.window === null) throw refuse(expr.at);
  const ms = numberOf(literal);
  if (op === "=" || op === ">=") plan.windowStartMinMs = Math.max(plan.windowStartMinMs, ms);
  if (op === "=" || op === "<=") plan.windowStartMaxMs = Math.min(plan.windowStartMaxMs, ms);
  if (op === ">") plan.windowStartMinMs = Math.max(plan.windowStartMinMs, ms + 1);
  if (op === "<") plan.windowStartMaxMs = Math.min(plan.windowStartMaxMs, ms - 1);
  if (!["=", "<", "<=", ">", ">="].includes(op)) throw refuse(expr.at);
}

function isColumn(expr: Expr, name: string): boolean {
  return expr.kind === "column" && !expr.quoted && expr.name.toUpperCase() === name;
}

function numberOf(expr: Expr): number {
  if (expr.kind !== "literal" || typeof expr.value !== "number") {
    throw invalidQuery("WINDOWSTART compares with a number of milliseconds", expr.at);
  }
  return expr.value;
}
