// The evaluator's value rules: three-valued logic, LIKE/IN/BETWEEN, CASE, CAST, functions, and
// type mismatches that become NULL for one column instead of failing the query.
import { describe, expect, it } from "vitest";
import { Binder } from "../../src/sql/binder.js";
import { evaluate, type RecordView } from "../../src/sql/evaluator.js";
import { ExpressionParser } from "../../src/sql/expression-parser.js";
import type { Json } from "../../src/sql/plan.js";
import { guarded } from "../../src/sql/stream-step.js";
import { TokenCursor } from "../../src/sql/token-cursor.js";
import { tokenize } from "../../src/sql/tokenizer.js";

const RECORD: RecordView = {
  key: "k1",
  timestamp: 1_700_000_000_123,
  partition: 2,
  offset: 41,
  value: { page: "/docs/intro", ms: 250, Ms: 7, user: { id: "u9" }, flag: "TRUE", n: "12.5" },
  headers: { trace: "t-1" },
};

function run(text: string): { result: Json; errors: number } {
  const expr = new ExpressionParser(new TokenCursor(tokenize(text))).expression();
  const bound = new Binder([{ name: "t", alias: null, side: 0, fields: [] }]).bind(expr);
  return guarded(() => evaluate(bound, { records: [RECORD, null], slots: [] }));
}

const value = (text: string) => run(text).result;

describe("evaluate", () => {
  it("reads record columns, fields (exact case first) and headers", () => {
    expect(value("KEY")).toBe("k1");
    expect(value("ROWTIME")).toBe(1_700_000_000_123);
    expect([value("ROWPARTITION"), value("ROWOFFSET")]).toEqual([2, 41]);
    expect(value("VALUE->user->id")).toBe("u9");
    expect(value("user->id")).toBe("u9");
    expect(value("ms")).toBe(250);
    expect(value("`Ms`")).toBe(7);
    expect(value("PAGE")).toBe("/docs/intro");
    expect(value("missing->deeper")).toBe(null);
    expect(value("HEADERS['trace']")).toBe("t-1");
  });

  it("applies SQL's three-valued logic", () => {
    expect(value("NULL AND FALSE")).toBe(false);
    expect(value("NULL AND TRUE")).toBe(null);
    expect(value("NULL OR TRUE")).toBe(true);
    expect(value("NOT NULL")).toBe(null);
    expect(value("missing = 1")).toBe(null);
    expect(value("missing IS NULL")).toBe(true);
    expect(value("1 IN (2, NULL)")).toBe(null);
    expect(value("1 NOT IN (2, 3)")).toBe(true);
  });

  it("matches LIKE patterns literally apart from % and _", () => {
    expect(value("page LIKE '/docs/%'")).toBe(true);
    expect(value("page LIKE '/docs/intr_'")).toBe(true);
    expect(value("page LIKE '.*'")).toBe(false);
    expect(value("'a.c' LIKE 'a.c'")).toBe(true);
    expect(value("'abc' NOT LIKE 'a.c'")).toBe(true);
  });

  it("computes arithmetic, BETWEEN, CASE and CAST", () => {
    expect(value("ms * 2 + 1 - 10 / 4 % 2")).toBe(500.5);
    expect(value("ms / 0")).toBe(null);
    expect(value("ms BETWEEN 200 AND 250")).toBe(true);
    expect(value("CASE WHEN ms > 300 THEN 'slow' WHEN ms > 200 THEN 'ok' ELSE 'fast' END")).toBe(
      "ok",
    );
    expect(value("CAST(n AS DOUBLE)")).toBe(12.5);
    expect(value("CAST(n AS INTEGER)")).toBe(12);
    expect(value("CAST(flag AS BOOLEAN)")).toBe(true);
    expect(value("CAST(ms AS STRING)")).toBe("250");
    expect(value("CAST(user AS STRING)")).toBe('{"id":"u9"}');
  });

  it("runs the scalar functions", () => {
    expect(value("UPPER(page)")).toBe("/DOCS/INTRO");
    expect(value("LEN(TRIM('  ab  '))")).toBe(2);
    expect(value("SUBSTRING(page, 2, 4)")).toBe("docs");
    expect(value("SUBSTRING(page, -5)")).toBe("intro");
    expect(value("CONCAT('a', NULL, 1)")).toBe("a1");
    expect(value("REPLACE(page, '/', '.')")).toBe(".docs.intro");
    expect([
      value("ABS(-2)"),
      value("ROUND(2.5)"),
      value("ROUND(-2.5)"),
      value("ROUND(1.234, 2)"),
    ]).toEqual([2, 3, -3, 1.23]);
    expect([value("FLOOR(1.5)"), value("CEIL(1.2)")]).toEqual([1, 2]);
    expect([value("COALESCE(missing, NULL, 3)"), value("IFNULL(missing, 'x')")]).toEqual([3, "x"]);
    expect(value("TIMESTAMPTOSTRING(ROWTIME, 'yyyy-MM-dd''T''HH:mm:ss.SSS')")).toBe(
      "2023-11-14T22:13:20.123",
    );
    expect(value("UPPER(NULL)")).toBe(null);
  });

  it("turns a type mismatch into NULL and one counted error", () => {
    expect(run("page + 1")).toEqual({ result: null, errors: 1 });
    expect(run("page > 1")).toEqual({ result: null, errors: 1 });
    expect(run("CAST(page AS INTEGER)")).toEqual({ result: null, errors: 1 });
    expect(run("UPPER(ms)")).toEqual({ result: null, errors: 1 });
    expect(run("NOT ms")).toEqual({ result: null, errors: 1 });
    expect(run("TIMESTAMPTOSTRING(ROWTIME, 'EEE')")).toEqual({ result: null, errors: 1 });
  });
});
