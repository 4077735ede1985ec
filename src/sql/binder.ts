// Binds expressions of the tree to checked form (plan.ts): resolves names against the query's
// sources and the fields sampled from them, refuses unknown names with a suggestion, and checks
// function names and argument counts. Aggregates are bound by the table binder (table-binder.ts).
import { AGGREGATE_NAMES } from "./aggregates.js";
import { SCALAR_FUNCTIONS } from "./functions.js";
import type { Bound, MetaColumn, Side } from "./plan.js";
import { invalidQuery } from "./query-error.js";
import { didYouMean } from "./suggest.js";
import type { Expr } from "./tree.js";

export const META_COLUMNS: readonly MetaColumn[] = ["KEY", "ROWTIME", "ROWPARTITION", "ROWOFFSET"];

/** A FROM or JOIN source as names see it. */
export interface BindSource {
  readonly name: string;
  readonly alias: string | null;
  readonly side: Side;
  /** Top-level value fields seen in a sample of its newest records; empty: not checked. */
  readonly fields: readonly string[];
}

/** Lets a caller take over a node before the default binding (group columns, aggregates). */
export type BindHook = (expr: Expr) => Bound | undefined;

export class Binder {
  constructor(
    private readonly sources: readonly BindSource[],
    private readonly hook: BindHook = refuseAggregate,
  ) {}

  bind(expr: Expr): Bound {
    const hooked = this.hook(expr);
    if (hooked !== undefined) return hooked;
    switch (expr.kind) {
      case "literal":
        return { k: "lit", value: expr.value };
      case "column":
        return this.column(expr);
      case "field": {
        const base = this.bind(expr.base);
        if (base.k !== "value")
          throw invalidQuery("-> reads a field of the value or of a field", expr.at);
        return { k: "value", side: base.side, path: [...base.path, expr.name] };
      }
      case "header":
        return { k: "header", name: expr.name };
      case "negate":
        return { k: "neg", a: this.bind(expr.operand) };
      case "not":
        return { k: "not", a: this.bind(expr.operand) };
      case "binary":
        return { k: "bin", op: expr.op, a: this.bind(expr.left), b: this.bind(expr.right) };
      case "isNull":
        return { k: "isNull", a: this.bind(expr.operand), negated: expr.negated };
      case "like":
        return {
          k: "like",
          a: this.bind(expr.operand),
          pattern: this.bind(expr.pattern),
          negated: expr.negated,
        };
      case "in":
        return {
          k: "in",
          a: this.bind(expr.operand),
          list: expr.list.map((item) => this.bind(item)),
          negated: expr.negated,
        };
      case "between":
        return {
          k: "between",
          a: this.bind(expr.operand),
          low: this.bind(expr.low),
          high: this.bind(expr.high),
          negated: expr.negated,
        };
      case "case":
        return {
          k: "case",
          whens: expr.whens.map(({ when, result }) => [this.bind(when), this.bind(result)]),
          otherwise: expr.otherwise === null ? null : this.bind(expr.otherwise),
        };
      case "cast":
        return { k: "cast", a: this.bind(expr.operand), type: expr.type };
      case "call":
        return this.call(expr);
    }
  }

  private call(expr: Extract<Expr, { kind: "call" }>): Bound {
    const fn = SCALAR_FUNCTIONS[expr.name];
    if (fn === undefined) {
      const names = [...Object.keys(SCALAR_FUNCTIONS), ...AGGREGATE_NAMES];
      throw invalidQuery(`unknown function ${expr.name}${didYouMean(expr.name, names)}`, expr.at);
    }
    if (expr.star || expr.args.length < fn.argsMin || expr.args.length > fn.argsMax) {
      const count = fn.argsMin === fn.argsMax ? `${fn.argsMin}` : `${fn.argsMin} to ${fn.argsMax}`;
      throw invalidQuery(`${expr.name} takes ${count} argument(s)`, expr.at);
    }
    return { k: "fn", name: expr.name, args: expr.args.map((arg) => this.bind(arg)) };
  }

  private column(expr: Extract<Expr, { kind: "column" }>): Bound {
    const candidates = expr.qualifier === null ? this.sources : [this.qualified(expr)];
    const upper = expr.name.toUpperCase();
    if (!expr.quoted && (META_COLUMNS as readonly string[]).includes(upper)) {
      return { k: "meta", side: (candidates[0] as BindSource).side, name: upper as MetaColumn };
    }
    if (!expr.quoted && upper === "VALUE") {
      return { k: "value", side: (candidates[0] as BindSource).side, path: [] };
    }
    const having = candidates.filter((source) => hasField(source, expr.name));
    if (having.length > 1) {
      throw invalidQuery(
        `column ${expr.name} is in both ${having.map(sourceLabel).join(" and ")}: qualify it`,
        expr.at,
      );
    }
    let chosen = having[0];
    if (chosen === undefined) {
      chosen = candidates.find((source) => source.fields.length === 0);
      if (chosen === undefined) {
        const known = candidates.flatMap((source) => [...source.fields, ...META_COLUMNS]);
        throw invalidQuery(`unknown column ${expr.name}${didYouMean(expr.name, known)}`, expr.at);
      }
    }
    return { k: "value", side: chosen.side, path: [expr.name] };
  }

  private qualified(expr: Extract<Expr, { kind: "column" }>): BindSource {
    const qualifier = expr.qualifier as string;
    const source = this.sources.find(
      (s) => (s.alias ?? s.name).toUpperCase() === qualifier.toUpperCase(),
    );
    if (source === undefined) {
      const names = this.sources.map((s) => s.alias ?? s.name);
      throw invalidQuery(`unknown source ${qualifier}${didYouMean(qualifier, names)}`, expr.at);
    }
    return source;
  }
}

function hasField(source: BindSource, name: string): boolean {
  const upper = name.toUpperCase();
  return source.fields.some((field) => field.toUpperCase() === upper);
}

function sourceLabel(source: BindSource): string {
  return source.alias ?? source.name;
}

/** Outside a table's SELECT and HAVING, an aggregate has no group to aggregate over. */
export function refuseAggregate(expr: Expr): undefined {
  if (expr.kind === "call" && (AGGREGATE_NAMES as readonly string[]).includes(expr.name)) {
    throw invalidQuery(
      `${expr.name} aggregates a group: it belongs in the SELECT or HAVING of a CREATE TABLE … GROUP BY`,
      expr.at,
    );
  }
  return undefined;
}
