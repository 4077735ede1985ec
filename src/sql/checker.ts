// The checker: a parsed statement plus what the cluster knows of its sources → a checked plan
// (plan.ts), or INVALID_QUERY / TOPIC_NOT_FOUND at the offending token.
import { EdgelogError } from "../protocol/errors.js";
import { Binder, type BindSource } from "./binder.js";
import { assertDistinct, outputName } from "./output-names.js";
import type { JoinPlan, OutputColumn, QueryPlan, StreamPlan, TablePlan } from "./plan.js";
import { invalidQuery, type Position } from "./query-error.js";
import { didYouMean } from "./suggest.js";
import { TableBinder } from "./table-binder.js";
import type { Select, Source, Statement } from "./tree.js";

/** What the checker needs to know of a topic (or a query's output topic). */
export interface SourceInfo {
  readonly partitions: number;
  readonly compacted: boolean;
  /** The output of a CREATE TABLE query: a table whatever its cleanup policy. */
  readonly table: boolean;
  /** Top-level value fields seen in a sample of the newest records (empty: unchecked). */
  readonly fields: readonly string[];
}

export interface SourceLookup {
  source(name: string): SourceInfo | null;
  /** Every name, for "did you mean". */
  names(): readonly string[];
}

export function checkQuery(statement: Statement, sources: SourceLookup): QueryPlan {
  const select = statement.select;
  if (statement.kind === "createTable") return checkTable(select, sources);
  return checkStream(select, sources);
}

function checkStream(select: Select, sources: SourceLookup): StreamPlan {
  const input = lookUp(select.from, sources);
  if (select.window !== null) {
    throw invalidQuery("WINDOW needs an aggregation: CREATE TABLE … GROUP BY", select.window.at);
  }
  if (select.groupBy.length > 0 || select.having !== null) {
    const at = (select.groupBy[0] ?? select.having)?.at as Position;
    throw invalidQuery("GROUP BY and HAVING make a table: use CREATE TABLE", at);
  }
  const bindSources: BindSource[] = [toBindSource(select.from, input, 0)];
  let join: JoinPlan | null = null;
  if (select.join !== null) {
    const tableInfo = lookUp(select.join.table, sources);
    checkJoinable(select.join.table, tableInfo, input);
    bindSources.push(toBindSource(select.join.table, tableInfo, 1));
    join = joinPlan(select, new Binder(bindSources), input.partitions);
  }
  const binder = new Binder(bindSources);
  const names = select.items.map(outputName);
  assertDistinct(names, select.items);
  const columns: OutputColumn[] = select.items.map((item, i) => ({
    name: names[i] as string,
    expr: item.expr === null ? { k: "value", side: 0, path: [] } : binder.bind(item.expr),
  }));
  return {
    kind: "stream",
    input: select.from.name,
    join,
    where: select.where === null ? null : binder.bind(select.where),
    columns,
    partitionBy: select.partitionBy === null ? null : binder.bind(select.partitionBy),
  };
}

function checkTable(select: Select, sources: SourceLookup): TablePlan {
  const input = lookUp(select.from, sources);
  if (select.join !== null) {
    throw invalidQuery("JOIN is supported in CREATE STREAM … AS SELECT only", select.join.at);
  }
  if (select.partitionBy !== null) {
    throw invalidQuery(
      "a table is keyed by its GROUP BY: PARTITION BY is for streams",
      select.partitionBy.at,
    );
  }
  if (select.groupBy.length === 0) throw invalidQuery("CREATE TABLE needs GROUP BY", select.at);
  const binder = new TableBinder([toBindSource(select.from, input, 0)], select.groupBy);
  const groupBy = select.groupBy.map((expr) => binder.bindRecord(expr));
  const where = select.where === null ? null : binder.bindRecord(select.where);
  const names = select.items.map(outputName);
  assertDistinct(names, select.items);
  const columns = select.items.map((item, i) => {
    if (item.expr === null) {
      throw invalidQuery("SELECT * has no meaning over groups: list the columns", item.at);
    }
    return { name: names[i] as string, expr: binder.bindRow(item.expr) };
  });
  const having = select.having === null ? null : binder.bindRow(select.having);
  const window = select.window;
  return {
    kind: "table",
    input: select.from.name,
    where,
    groupBy,
    aggregates: binder.aggregates,
    columns,
    having,
    window:
      window === null
        ? null
        : { sizeMs: window.sizeMs, advanceMs: window.advanceMs, graceMs: window.graceMs },
  };
}

function lookUp(source: Source, sources: SourceLookup): SourceInfo {
  const info = sources.source(source.name);
  if (info === null) {
    throw new EdgelogError(
      "TOPIC_NOT_FOUND",
      `no topic, stream or table ${source.name}${didYouMean(source.name, sources.names())}`,
      { topic: source.name, line: source.at.line, column: source.at.column },
    );
  }
  return info;
}

function toBindSource(source: Source, info: SourceInfo, side: 0 | 1): BindSource {
  return { name: source.name, alias: source.alias, side, fields: info.fields };
}

function checkJoinable(table: Source, info: SourceInfo, stream: SourceInfo): void {
  if (!info.table && !info.compacted) {
    throw invalidQuery(
      `${table.name} is not a table: join a CREATE TABLE result or a topic with cleanupPolicy "compact"`,
      table.at,
    );
  }
  if (info.partitions !== stream.partitions) {
    throw invalidQuery(
      `${table.name} has ${info.partitions} partitions and the stream ${stream.partitions}: a join needs both co-partitioned (the same count)`,
      table.at,
    );
  }
}

/** `ON t.KEY = <stream expression>` (either way round). */
function joinPlan(select: Select, binder: Binder, partitions: number): JoinPlan {
  const join = select.join as NonNullable<Select["join"]>;
  const on = join.on;
  // Point at the condition's first token, not at its operator.
  const at = on.kind === "binary" ? on.left.at : on.at;
  const tableName = join.table.alias ?? join.table.name;
  const refuse = () =>
    invalidQuery(`a join is on the table's key: ON ${tableName}.KEY = <stream expression>`, at);
  if (on.kind !== "binary" || on.op !== "=") throw refuse();
  const left = binder.bind(on.left);
  const right = binder.bind(on.right);
  const isTableKey = (b: typeof left) => b.k === "meta" && b.side === 1 && b.name === "KEY";
  const streamKey = isTableKey(left) ? right : isTableKey(right) ? left : null;
  if (streamKey === null || readsSide(streamKey, 1)) throw refuse();
  // A processor sees its own partition of the table: the stream record must sit on the
  // partition its join key hashes to, which holds when it is keyed by it.
  const byKey = streamKey.k === "meta" && streamKey.name === "KEY";
  if (!byKey && partitions > 1) {
    throw invalidQuery(
      "joining on anything but the stream's KEY needs the stream re-keyed first: CREATE STREAM … PARTITION BY <expression>, then join on its KEY",
      at,
    );
  }
  return { table: join.table.name, inner: join.inner, streamKey };
}

function readsSide(expr: unknown, side: 0 | 1): boolean {
  if (typeof expr !== "object" || expr === null) return false;
  const node = expr as Record<string, unknown>;
  if ((node.k === "meta" || node.k === "value") && node.side === side) return true;
  return Object.values(node).some((child) =>
    Array.isArray(child) ? child.some((c) => readsSide(c, side)) : readsSide(child, side),
  );
}
