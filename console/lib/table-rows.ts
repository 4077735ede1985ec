// A pull query's answer over a table (`{columns, rows}`) shaped for the query page: which columns
// can be charted, and for a windowed table one line per group over its windows' starts. Pure, so
// unit tests pin it (test/unit/console-table-rows.test.ts).
import type { PullQueryAnswer } from "../../src/protocol/query-request.js";
import { formatCount } from "./format.js";
import type { ChartSeries } from "./history.js";

/** The columns a windowed table's rows carry (stream-sql.md, pull queries). */
const WINDOW_COLUMNS = new Set(["WINDOWSTART", "WINDOWEND"]);
/** More lines than this make a chart no one can read: the groups with the largest sums win. */
export const CHART_GROUPS_MAX = 6;

/** True when the table is windowed: its rows carry WINDOWSTART. */
export function isWindowed(answer: PullQueryAnswer): boolean {
  return answer.columns.includes("WINDOWSTART");
}

/** Columns every row holds a number (or NULL) in, at least one a number: what a chart can draw. */
export function numericColumns(answer: PullQueryAnswer): string[] {
  return answer.columns.filter((column, i) => {
    if (WINDOW_COLUMNS.has(column)) return false;
    const values = answer.rows.map((row) => row[i]);
    return (
      values.some((v) => typeof v === "number") &&
      values.every((v) => v === null || typeof v === "number")
    );
  });
}

/** The group a row belongs to, in words: its non-numeric columns' values (the GROUP BY ones). */
function groupOf(answer: PullQueryAnswer, row: unknown[], numeric: Set<string>): string {
  const parts = answer.columns
    .map((column, i) => (numeric.has(column) || WINDOW_COLUMNS.has(column) ? null : row[i]))
    .filter((value) => value !== null)
    .map((value) => (typeof value === "string" ? value : JSON.stringify(value)));
  return parts.length === 0 ? "all" : parts.join(" | ");
}

/**
 * `measure` per window start (seconds, ascending) for each group: one series per group (the
 * CHART_GROUPS_MAX with the largest sums), null where a group has no row for a window.
 */
export function windowSeries(
  answer: PullQueryAnswer,
  measure: string,
): { seconds: number[]; series: ChartSeries[]; summary: string } {
  const at = answer.columns.indexOf(measure);
  const startAt = answer.columns.indexOf("WINDOWSTART");
  const numeric = new Set(numericColumns(answer));
  const starts = [...new Set(answer.rows.map((row) => row[startAt] as number))].sort(
    (a, b) => a - b,
  );
  const index = new Map(starts.map((start, i) => [start, i]));
  const groups = new Map<string, { values: Array<number | null>; sum: number }>();
  for (const row of answer.rows) {
    const group = groupOf(answer, row, numeric);
    const line = groups.get(group) ?? { values: starts.map(() => null), sum: 0 };
    const value = row[at];
    const i = index.get(row[startAt] as number);
    if (typeof value === "number" && i !== undefined) {
      line.values[i] = value;
      line.sum += value;
    }
    groups.set(group, line);
  }
  const shown = [...groups]
    .sort(([a, x], [b, y]) => y.sum - x.sum || a.localeCompare(b))
    .slice(0, CHART_GROUPS_MAX);
  const series = shown.map(([group, line]) => ({
    label: `${group}: ${measure}`,
    values: line.values,
  }));
  const omitted = groups.size - shown.length;
  const summary =
    `${measure} of ${formatCount(groups.size)} group${groups.size === 1 ? "" : "s"} over ` +
    `${formatCount(starts.length)} window${starts.length === 1 ? "" : "s"}` +
    (omitted > 0 ? ` (the ${CHART_GROUPS_MAX} largest shown).` : ".");
  return { seconds: starts.map((start) => start / 1000), series, summary };
}

/** Rows newest window first (for a windowed table), as many as `limit`. */
export function newestRows(answer: PullQueryAnswer, limit: number): unknown[][] {
  const startAt = answer.columns.indexOf("WINDOWSTART");
  const rows = [...answer.rows];
  if (startAt >= 0) rows.sort((a, b) => (b[startAt] as number) - (a[startAt] as number));
  return rows.slice(0, limit);
}
