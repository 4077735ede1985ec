// `edgelog query "<sql>"`: a pull query printed as a table, a push query (EMIT CHANGES) printed a
// row a line until Ctrl-C, or a CREATE STREAM/TABLE … AS SELECT that starts a persistent query.
import { type Command, positional } from "./command.js";
import { table } from "./format.js";

export const queryCommand: Command = {
  summary: "run stream SQL: a pull or push query, or CREATE STREAM/TABLE … AS SELECT",
  usage: `edgelog query "<sql>" [--json]

SELECT … FROM <table> [WHERE KEY = '…']       a pull query: the table's current rows
SELECT … FROM <topic> [WHERE …] EMIT CHANGES  a push query: rows as records arrive, until Ctrl-C
CREATE STREAM|TABLE <name> AS SELECT …        a persistent query (needs the admin token)

The dialect: README, "Stream SQL".`,
  options: {},

  async run(context, args) {
    const sql = positional(args, 0, "sql");
    const queries = context.edgelog.queries;
    if (/^\s*create\b/i.test(sql)) {
      const created = await queries.create(sql);
      if (context.json) return context.out.line(JSON.stringify(created));
      return context.out.line(
        `created ${created.kind} query ${created.id}: ${created.name} → topic ${created.outputTopic}`,
      );
    }
    if (/\bemit\s+changes\s*;?\s*$/i.test(sql)) {
      for await (const row of queries.push(sql, context.signal)) {
        await context.out.line(JSON.stringify(row));
      }
      return;
    }
    const answer = await queries.pull(sql);
    if (context.json) return context.out.line(JSON.stringify(answer));
    const cell = (value: unknown) =>
      value === null || typeof value !== "object"
        ? (value as string | number | null)
        : JSON.stringify(value);
    await context.out.line(
      table(
        answer.columns,
        answer.rows.map((row) => row.map(cell)),
      ),
    );
  },
};
