// The stream SQL tokenizer and parser: the dialect's statements become trees, and every
// malformed statement is INVALID_QUERY naming the line and column of the offending token.
import { describe, expect, it } from "vitest";
import { EdgelogError } from "../../src/protocol/errors.js";
import { parseStatement } from "../../src/sql/parser.js";
import { tokenize } from "../../src/sql/tokenizer.js";

function parseError(sql: string): { message: string; line: number; column: number } {
  try {
    parseStatement(sql);
  } catch (error) {
    if (!(error instanceof EdgelogError)) throw error;
    expect(error.code).toBe("INVALID_QUERY");
    const details = error.details as { line: number; column: number };
    return { message: error.message, line: details.line, column: details.column };
  }
  throw new Error(`parsed: ${sql}`);
}

describe("tokenize", () => {
  it("keeps line and column of every token, across comments and quoted text", () => {
    const tokens = tokenize("SELECT a,\n  `Odd``Name` -- note\n/* x\ny */ 'it''s' <= 1.5e2");
    expect(tokens.map((t) => [t.kind, t.text, t.line, t.column])).toEqual([
      ["ident", "SELECT", 1, 1],
      ["ident", "a", 1, 8],
      ["symbol", ",", 1, 9],
      ["ident", "Odd`Name", 2, 3],
      ["string", "it's", 4, 6],
      ["symbol", "<=", 4, 14],
      ["number", "1.5e2", 4, 17],
      ["end", "", 4, 22],
    ]);
  });

  it("refuses unclosed strings and unknown characters where they start", () => {
    expect(() => tokenize("SELECT 'abc")).toThrow(/never closed \(line 1, column 8\)/);
    expect(() => tokenize("SELECT a\n  # b")).toThrow(
      /unexpected character "#" \(line 2, column 3\)/,
    );
    expect(() => tokenize("SELECT 12abc")).toThrow(/cannot run into letters/);
  });
});

describe("parseStatement", () => {
  it("reads a CREATE STREAM with filter, projection, re-key and properties", () => {
    const statement = parseStatement(
      "create stream slow_x with (partitions = 3, start = 'earliest') as\n" +
        "select page, VALUE->user->id AS uid, ROWTIME from `beacons-v1` b\n" +
        "where ms > 100 and page like '/a%' partition by uid emit changes;",
    );
    expect(statement.kind).toBe("createStream");
    if (statement.kind === "select") throw new Error("kind");
    expect(statement.name).toBe("slow_x");
    expect(statement.properties).toEqual({ partitions: 3, start: "earliest" });
    const select = statement.select;
    expect(select.from).toMatchObject({ name: "beacons-v1", alias: "b" });
    expect(select.items.map((item) => item.alias?.name ?? null)).toEqual([null, "uid", null]);
    expect(select.items[1]?.expr).toMatchObject({
      kind: "field",
      name: "id",
      base: { kind: "field", name: "user", base: { kind: "column", name: "VALUE" } },
    });
    expect(select.where).toMatchObject({ kind: "binary", op: "AND" });
    expect(select.partitionBy).toMatchObject({ kind: "column", name: "uid" });
    expect(select.emitChanges).toBe(true);
  });

  it("reads a windowed CREATE TABLE with aggregates, GROUP BY and HAVING", () => {
    const statement = parseStatement(
      "CREATE TABLE pv AS SELECT page, COUNT(*) AS views, AVG(ms) FROM beacons " +
        "WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 30 SECONDS, GRACE PERIOD 5 SECONDS) " +
        "GROUP BY page HAVING COUNT(*) > 1 EMIT CHANGES",
    );
    if (statement.kind === "select") throw new Error("kind");
    expect(statement.select.window).toMatchObject({
      kind: "hopping",
      sizeMs: 60_000,
      advanceMs: 30_000,
      graceMs: 5_000,
    });
    expect(statement.select.items[1]?.expr).toMatchObject({
      kind: "call",
      name: "COUNT",
      star: true,
    });
    expect(statement.select.groupBy).toHaveLength(1);
    expect(statement.select.having).toMatchObject({ kind: "binary", op: ">" });
  });

  it("reads joins, CASE, CAST, IN, BETWEEN, IS NULL and HEADERS", () => {
    const statement = parseStatement(
      "SELECT CASE WHEN a IS NOT NULL THEN CAST(a AS STRING) ELSE 'none' END, HEADERS['trace'] " +
        "FROM clicks c LEFT JOIN users u ON u.KEY = c.uid " +
        "WHERE NOT a IN (1, 2) AND b NOT BETWEEN -1 AND 3 EMIT CHANGES",
    );
    const select = statement.select;
    expect(select.join).toMatchObject({ inner: false, table: { name: "users", alias: "u" } });
    expect(select.join?.on).toMatchObject({
      kind: "binary",
      op: "=",
      left: { kind: "column", qualifier: "u", name: "KEY" },
    });
    expect(select.items[0]?.expr).toMatchObject({ kind: "case" });
    expect(select.items[1]?.expr).toEqual({
      kind: "header",
      name: "trace",
      at: { line: 1, column: 72 },
    });
    expect(select.where).toMatchObject({
      kind: "binary",
      left: { kind: "not", operand: { kind: "in", negated: false } },
      right: { kind: "between", negated: true, low: { kind: "literal", value: -1 } },
    });
  });

  it("binds * tighter than +, and AND tighter than OR", () => {
    const { select } = parseStatement("SELECT 1 + 2 * 3 FROM t WHERE a OR b AND c");
    expect(select.items[0]?.expr).toMatchObject({
      op: "+",
      right: { op: "*" },
    });
    expect(select.where).toMatchObject({ op: "OR", right: { op: "AND" } });
  });

  it("points at the misspelt keyword and suggests the right one", () => {
    expect(parseError("SELECT page\nFORM beacons")).toMatchObject({
      line: 2,
      column: 1,
      message: expect.stringContaining("expected FROM but found FORM, did you mean FROM?"),
    });
    expect(parseError("SELECT a FROM t WINDOW TUMBLIN (SIZE 1 MINUTE)").message).toContain(
      "did you mean TUMBLING?",
    );
    expect(parseError("SELECT a FROM t WINDOW TUMBLING (SIZE 1 MINUTS)").message).toContain(
      "did you mean MINUTE?",
    );
    expect(parseError("CREATE STREAM s WITH (PARTITION = 2) AS SELECT a FROM t").message).toContain(
      "did you mean PARTITIONS?",
    );
  });

  it("refuses malformed statements at the offending token", () => {
    const cases: [string, number, number][] = [
      ["", 1, 1],
      ["SELECT FROM t", 1, 8],
      ["SELECT a FROM t WHERE", 1, 22],
      ["SELECT a FROM t WHERE (a = 1", 1, 29],
      ["SELECT a FROM t GROUP a", 1, 23],
      ["SELECT a FROM t EMIT", 1, 21],
      ["SELECT a FROM t; SELECT b FROM t", 1, 18],
      ["SELECT CAST(a AS TEXT) FROM t", 1, 18],
      ["SELECT a FROM t WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 2 MINUTES)", 1, 59],
      ["SELECT a FROM t WINDOW TUMBLING (SIZE 0 SECONDS)", 1, 39],
      ["CREATE STREAM s WITH (PARTITIONS = 0) AS SELECT a FROM t", 1, 36],
      ["CREATE STREAM s WITH (START = 'now') AS SELECT a FROM t", 1, 31],
      ["CREATE VIEW v AS SELECT a FROM t", 1, 8],
      ["SELECT a FROM t\n  WHERE a = 1 extra", 2, 15],
    ];
    for (const [sql, line, column] of cases) {
      expect({ sql, ...parseError(sql) }).toMatchObject({ sql, line, column });
    }
  });

  it("bounds nesting instead of overflowing the stack", () => {
    const deep = `SELECT ${"(".repeat(3000)}1${")".repeat(3000)} FROM t`;
    expect(parseError(deep).message).toContain("nest deeper");
    expect(parseError(`SELECT ${"NOT ".repeat(3000)}a FROM t`).message).toContain("nest deeper");
    expect(parseError(`SELECT ${"- ".repeat(3000)}a FROM t`).message).toContain("nest deeper");
  });
});
