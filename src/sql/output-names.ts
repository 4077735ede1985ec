// Output column names (design/stream-sql.md, "Names"): the AS name, else the column or field
// name, upper-case unless quoted; unnamed expressions are KSQL_COL_<n> as in ksqlDB.
import { invalidQuery } from "./query-error.js";
import type { SelectItem } from "./tree.js";

export function outputName(item: SelectItem, index: number): string {
  if (item.alias !== null)
    return item.alias.quoted ? item.alias.name : item.alias.name.toUpperCase();
  const expr = item.expr;
  if (expr === null) return "*";
  if (expr.kind === "column" || expr.kind === "field") {
    return expr.quoted ? expr.name : expr.name.toUpperCase();
  }
  if (expr.kind === "header") return expr.name.toUpperCase();
  return `KSQL_COL_${index}`;
}

/** Two columns of one name would overwrite each other in the output object. */
export function assertDistinct(names: readonly string[], items: readonly SelectItem[]): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) {
      throw invalidQuery(
        `two columns are named ${name}: name one with AS`,
        (items[i] as SelectItem).at,
      );
    }
    seen.add(name);
  });
}
