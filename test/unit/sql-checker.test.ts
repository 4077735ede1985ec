// The checker turns statements into plans, refusing unknown names (with a suggestion), misplaced
// aggregates, windows and clauses, and joins that are not on a co-partitioned table's key.
import { describe, expect, it } from "vitest";
import { EdgelogError } from "../../src/protocol/errors.js";
import { checkQuery, type SourceInfo, type SourceLookup } from "../../src/sql/checker.js";
import { parseStatement } from "../../src/sql/parser.js";
import type { QueryPlan } from "../../src/sql/plan.js";

const SOURCES: Record<string, SourceInfo> = {
  beacons: { partitions: 2, compacted: false, table: false, fields: ["page", "ms", "user"] },
  users: { partitions: 2, compacted: true, table: false, fields: ["name", "tier"] },
  narrow: { partitions: 1, compacted: true, table: false, fields: [] },
  events: { partitions: 2, compacted: false, table: false, fields: [] },
  views: { partitions: 2, compacted: false, table: true, fields: ["PAGE", "N"] },
};
const lookup: SourceLookup = {
  source: (name) => SOURCES[name] ?? null,
  names: () => Object.keys(SOURCES),
};

function check(sql: string): QueryPlan {
  return checkQuery(parseStatement(sql), lookup);
}

function refusal(sql: string): { code: string; message: string; line: number; column: number } {
  try {
    check(sql);
  } catch (error) {
    if (!(error instanceof EdgelogError)) throw error;
    const details = error.details as { line: number; column: number };
    return { code: error.code, message: error.message, line: details.line, column: details.column };
  }
  throw new Error(`accepted: ${sql}`);
}

describe("checkQuery", () => {
  it("names output columns upper-case, by alias, field or KSQL_COL_n", () => {
    const plan = check(
      "CREATE STREAM s AS SELECT page, VALUE->user->id, ms * 2, ms AS `Ms2`, KEY FROM beacons",
    );
    expect(plan.kind).toBe("stream");
    expect(plan.columns.map((c) => c.name)).toEqual(["PAGE", "ID", "KSQL_COL_2", "Ms2", "KEY"]);
    expect(plan.columns[1]?.expr).toEqual({ k: "value", side: 0, path: ["user", "id"] });
  });

  it("suggests the nearest sampled column for an unknown one, at its position", () => {
    expect(refusal("CREATE STREAM s AS SELECT paeg FROM beacons")).toMatchObject({
      code: "INVALID_QUERY",
      message: expect.stringContaining("unknown column paeg, did you mean page?"),
      line: 1,
      column: 27,
    });
    // An empty sample cannot say a column is unknown.
    expect(check("CREATE STREAM s AS SELECT anything FROM events").kind).toBe("stream");
  });

  it("answers TOPIC_NOT_FOUND for a missing source, with a suggestion", () => {
    expect(refusal("SELECT page FROM beacon EMIT CHANGES")).toMatchObject({
      code: "TOPIC_NOT_FOUND",
      message: expect.stringContaining("did you mean beacons?"),
      line: 1,
      column: 18,
    });
  });

  it("plans a windowed table: group slots, deduplicated aggregates, HAVING", () => {
    const plan = check(
      "CREATE TABLE t AS SELECT page, COUNT(*) AS n, SUM(ms), COUNT(*) + 1 AS m FROM beacons " +
        "WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY page HAVING COUNT(*) > 2",
    );
    if (plan.kind !== "table") throw new Error("kind");
    expect(plan.aggregates).toEqual([
      { name: "COUNT", arg: null },
      { name: "SUM", arg: { k: "value", side: 0, path: ["ms"] } },
    ]);
    expect(plan.columns.map((c) => c.expr)).toEqual([
      { k: "slot", index: 0 },
      { k: "slot", index: 1 },
      { k: "slot", index: 2 },
      { k: "bin", op: "+", a: { k: "slot", index: 1 }, b: { k: "lit", value: 1 } },
    ]);
    expect(plan.window).toEqual({ sizeMs: 60_000, advanceMs: 60_000, graceMs: 10_000 });
  });

  it("plans a stream-table join on the table's key", () => {
    const plan = check(
      "CREATE STREAM e AS SELECT b.page, u.name FROM beacons b LEFT JOIN users u ON b.KEY = u.KEY",
    );
    if (plan.kind !== "stream") throw new Error("kind");
    expect(plan.join).toEqual({
      table: "users",
      inner: false,
      streamKey: { k: "meta", side: 0, name: "KEY" },
    });
    expect(plan.columns[1]?.expr).toEqual({ k: "value", side: 1, path: ["name"] });
  });

  it("refuses misplaced clauses, aggregates, columns and joins with their reason", () => {
    const cases: [string, string, number][] = [
      ["CREATE STREAM s AS SELECT COUNT(*) FROM beacons", "belongs in the SELECT or HAVING", 27],
      ["CREATE STREAM s AS SELECT page FROM beacons GROUP BY page", "use CREATE TABLE", 54],
      [
        "CREATE STREAM s AS SELECT page FROM beacons WINDOW TUMBLING (SIZE 1 SECOND)",
        "WINDOW needs an aggregation",
        52,
      ],
      ["CREATE TABLE t AS SELECT page, ms FROM beacons GROUP BY page", "neither in GROUP BY", 32],
      ["CREATE TABLE t AS SELECT COUNT(*) FROM beacons", "needs GROUP BY", 19],
      ["CREATE TABLE t AS SELECT page, SUM(*) FROM beacons GROUP BY page", "SUM(*)", 32],
      ["CREATE STREAM s AS SELECT UPPR(page) FROM beacons", "did you mean UPPER?", 27],
      ["CREATE STREAM s AS SELECT UPPER(page, ms) FROM beacons", "takes 1 argument", 27],
      ["CREATE STREAM s AS SELECT page, page FROM beacons", "two columns are named PAGE", 33],
      [
        "CREATE STREAM s AS SELECT page FROM beacons JOIN events e ON e.KEY = page",
        "is not a table",
        50,
      ],
      [
        "CREATE STREAM s AS SELECT page FROM beacons JOIN narrow n ON n.KEY = page",
        "co-partitioned",
        50,
      ],
      [
        "CREATE STREAM s AS SELECT page FROM beacons b JOIN users u ON u.name = b.page",
        "on the table's key",
        63,
      ],
      ["CREATE STREAM s AS SELECT x.page FROM beacons b", "unknown source x", 27],
      [
        "CREATE STREAM s AS SELECT b.page FROM beacons b JOIN users u ON u.KEY = b.user",
        "needs the stream re-keyed first",
        65,
      ],
    ];
    for (const [sql, message, column] of cases) {
      expect({ sql, ...refusal(sql) }).toMatchObject({
        sql,
        code: "INVALID_QUERY",
        message: expect.stringContaining(message),
        line: 1,
        column,
      });
    }
  });

  it("accepts a CREATE TABLE output as a join table whatever its cleanup policy", () => {
    const plan = check(
      "CREATE STREAM e AS SELECT v.N FROM beacons b JOIN views v ON v.KEY = b.KEY",
    );
    expect(plan.kind).toBe("stream");
  });
});
