// `edgelog queries list|describe|drop`: the persistent stream SQL queries.
import type { QueryDescription } from "../client/index.js";
import { type CliContext, type Command, positional, subcommand } from "./command.js";
import { table } from "./format.js";

const SUBCOMMANDS = ["list", "describe", "drop"] as const;

export const queriesCommand: Command = {
  summary: "list, describe and drop persistent stream SQL queries",
  usage: `edgelog queries list [--json]
edgelog queries describe <id> [--json]
edgelog queries drop <id>

Dropping a query stops it; its output topic stays. Dropping needs the admin token when auth is on.`,
  options: {},

  async run(context, args) {
    const action = subcommand(args, SUBCOMMANDS);
    const queries = context.edgelog.queries;
    if (action === "list") {
      const list = await queries.list();
      if (context.json) return context.out.line(JSON.stringify(list));
      const rows = list.map((q) => [q.id, q.name, q.kind, q.outputTopic, q.state]);
      return context.out.line(table(["ID", "NAME", "KIND", "OUTPUT", "STATE"], rows));
    }
    const id = positional(args, 1, "id");
    if (action === "drop") {
      await queries.drop(id);
      return context.out.line(`dropped query ${id}`);
    }
    return describe(context, await queries.describe(id));
  },
};

async function describe(context: CliContext, query: QueryDescription): Promise<void> {
  if (context.json) return context.out.line(JSON.stringify(query));
  await context.out.line(
    `Query: ${query.id} (${query.kind}, ${query.state}) → ${query.outputTopic}\n${query.sql}\n`,
  );
  if (query.lastError !== undefined) await context.out.line(`Last error: ${query.lastError}\n`);
  const rows = query.partitions.map((p) => [
    p.partition,
    p.offset,
    p.lagRecords,
    p.recordsIn,
    p.recordsOut,
    p.lateRecordsDropped,
    p.errors,
    p.recordsSkipped,
  ]);
  const headers = ["PARTITION", "OFFSET", "LAG", "IN", "OUT", "LATE-DROPPED", "ERRORS", "SKIPPED"];
  await context.out.line(table(headers, rows));
}
