// Binds a table's SELECT and HAVING over its rows: an expression equal to a GROUP BY expression
// reads that group value, an aggregate call reads its result (registered once per distinct
// call), and any other column is refused: it is neither grouped nor aggregated.
import { AGGREGATE_NAMES } from "./aggregates.js";
import { Binder, type BindSource } from "./binder.js";
import type { AggregateCall, AggregateName, Bound } from "./plan.js";
import { invalidQuery } from "./query-error.js";
import type { Expr } from "./tree.js";

export class TableBinder {
  readonly aggregates: AggregateCall[] = [];
  private readonly aggregateShapes: string[] = [];
  private readonly groupShapes: string[];
  private readonly recordBinder: Binder;
  private readonly rowBinder: Binder;

  constructor(sources: readonly BindSource[], groupBy: readonly Expr[]) {
    this.recordBinder = new Binder(sources);
    this.groupShapes = groupBy.map(shapeOf);
    this.rowBinder = new Binder(sources, (expr) => this.rowNode(expr));
  }

  /** A GROUP BY or WHERE expression, over the input record. */
  bindRecord(expr: Expr): Bound {
    return this.recordBinder.bind(expr);
  }

  /** A SELECT or HAVING expression, over the group's row. */
  bindRow(expr: Expr): Bound {
    return this.rowBinder.bind(expr);
  }

  private rowNode(expr: Expr): Bound | undefined {
    const group = this.groupShapes.indexOf(shapeOf(expr));
    if (group >= 0) return { k: "slot", index: group };
    if (expr.kind === "call" && (AGGREGATE_NAMES as readonly string[]).includes(expr.name)) {
      return { k: "slot", index: this.groupShapes.length + this.aggregate(expr) };
    }
    if (expr.kind === "column" || expr.kind === "header" || expr.kind === "field") {
      throw invalidQuery(
        `${describe(expr)} is neither in GROUP BY nor inside an aggregate`,
        expr.at,
      );
    }
    return undefined;
  }

  private aggregate(expr: Extract<Expr, { kind: "call" }>): number {
    const name = expr.name as AggregateName;
    if (expr.star && name !== "COUNT")
      throw invalidQuery(`${name}(*) is not defined; use COUNT(*)`, expr.at);
    if (!expr.star && expr.args.length !== 1) {
      throw invalidQuery(`${name} takes one argument`, expr.at);
    }
    const shape = shapeOf(expr);
    const known = this.aggregateShapes.indexOf(shape);
    if (known >= 0) return known;
    const arg = expr.star ? null : this.recordBinder.bind(expr.args[0] as Expr);
    this.aggregates.push({ name, arg });
    this.aggregateShapes.push(shape);
    return this.aggregates.length - 1;
  }
}

/** An expression's structure without positions, so `page` in SELECT matches `page` in GROUP BY. */
export function shapeOf(expr: Expr): string {
  return JSON.stringify(expr, (field, value) => {
    if (field === "at") return undefined;
    // Unquoted names are case-insensitive.
    if (field === "name" && typeof value === "string") return value.toUpperCase();
    if (field === "qualifier") return undefined;
    return value;
  });
}

function describe(expr: Expr): string {
  if (expr.kind === "column") return `column ${expr.name}`;
  if (expr.kind === "field") return `field ${expr.name}`;
  return "a header";
}
