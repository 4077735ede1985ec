// POST /v1/query: a pull query over a table's state (push queries: push-query.ts).
import { EdgelogError, unwrap } from "../protocol/errors.js";
import { PULL_QUERY_ROWS_MAX } from "../protocol/limits.js";
import { parseStatement } from "../sql/parser.js";
import type { Json } from "../sql/plan.js";
import { checkPullQuery } from "../sql/pull-query.js";
import { invalidQuery } from "../sql/query-error.js";
import { rowValueOf } from "../sql/table-step.js";
import type { Select } from "../sql/tree.js";
import type { Cluster } from "./cluster.js";
import type { MetadataCache } from "./metadata-cache.js";
import { runQuery } from "./query-runner.js";

/** A SELECT statement, parsed; `push` says whether it ends with EMIT CHANGES. */
export function parseSelect(sql: string): Select {
  const statement = parseStatement(sql);
  if (statement.kind !== "select") {
    throw invalidQuery(
      "POST /v1/query runs a SELECT; CREATE … AS SELECT goes to POST /v1/queries",
      statement.at,
    );
  }
  return statement.select;
}

export async function pullQuery(
  cluster: Cluster,
  cache: MetadataCache,
  select: Select,
): Promise<{ columns: string[]; rows: Json[][] }> {
  if (select.emitChanges) {
    throw invalidQuery(
      "EMIT CHANGES makes a push query: ask with Accept: text/event-stream",
      select.at,
    );
  }
  const query = await cluster.queries.tableNamed(select.from.name);
  if (query === null || query.plan.kind !== "table") {
    if ((await cache.getOrNull(cluster.catalog, select.from.name)) === null) {
      throw new EdgelogError("TOPIC_NOT_FOUND", `no table ${select.from.name}`, {
        topic: select.from.name,
        line: select.from.at.line,
        column: select.from.at.column,
      });
    }
    throw invalidQuery(
      `${select.from.name} is not a table: a pull query reads a CREATE TABLE result; add EMIT CHANGES to push its records`,
      select.from.at,
    );
  }
  const table = query.plan;
  const pull = checkPullQuery(select, table);
  // Read-your-writes: records appended before this query are in the answer.
  await runQuery(cluster, query);
  const aggregators = query.stages.at(-1) ?? [];
  const answers = await Promise.all(
    aggregators.map(
      async (name) =>
        unwrap(await cluster.processor(name).rows(pull.groupKey, PULL_QUERY_ROWS_MAX)).rows,
    ),
  );
  const rows: Json[][] = [];
  for (const { row } of answers.flat()) {
    if (
      row.windowStartMs !== null &&
      (row.windowStartMs < pull.windowStartMinMs || row.windowStartMs > pull.windowStartMaxMs)
    )
      continue;
    if (!row.visible) continue;
    const { value } = rowValueOf(table, row);
    rows.push(pull.columns.map((column) => value[column] ?? null));
    if (rows.length >= PULL_QUERY_ROWS_MAX) break;
  }
  return { columns: pull.columns, rows };
}
