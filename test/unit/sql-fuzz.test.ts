// Fuzzing the parser and checker: random and mutated statements and injection attempts either
// check or fail with INVALID_QUERY / TOPIC_NOT_FOUND at a position inside the text, never with
// any other exception.
import { describe, expect, it } from "vitest";
import { EdgelogError } from "../../src/protocol/errors.js";
import { checkQuery, type SourceInfo } from "../../src/sql/checker.js";
import { parseStatement } from "../../src/sql/parser.js";
import { fuzzStatements, INJECTIONS, SEED_STATEMENTS } from "../support/sql-fuzz.js";

const beacons: SourceInfo = {
  partitions: 1,
  compacted: false,
  table: false,
  fields: ["page", "ms", "user"],
};
const t1: SourceInfo = { partitions: 1, compacted: true, table: true, fields: ["PAGE", "N"] };
const lookup = {
  source: (name: string) => ({ beacons, t1 })[name] ?? null,
  names: () => ["beacons", "t1"],
};

function outcome(sql: string): string {
  try {
    const statement = parseStatement(sql);
    if (statement.kind !== "select" || statement.select.emitChanges) checkQuery(statement, lookup);
    return "ok";
  } catch (error) {
    if (!(error instanceof EdgelogError)) throw new Error(`${sql}\n→ ${String(error)}`);
    expect(["INVALID_QUERY", "TOPIC_NOT_FOUND"]).toContain(error.code);
    const { line, column } = error.details as { line: number; column: number };
    const lines = sql.split("\n");
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lines.length);
    expect(column).toBeGreaterThanOrEqual(1);
    expect(column).toBeLessThanOrEqual((lines[line - 1] as string).length + 1);
    return error.code;
  }
}

describe("stream SQL fuzz", () => {
  it("accepts every seed statement", () => {
    for (const sql of SEED_STATEMENTS) expect(outcome(sql)).toBe("ok");
  });

  it("answers mutated and random statements with a positioned query error, or checks them", () => {
    const outcomes = new Map<string, number>();
    for (const sql of fuzzStatements(2026, 3000)) {
      const code = outcome(sql);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    }
    expect(outcomes.get("INVALID_QUERY")).toBeGreaterThan(1000);
  });

  it("treats injection attempts as names and strings, never as SQL or code", () => {
    for (const sql of INJECTIONS) outcome(sql);
    const plan = checkQuery(parseStatement(INJECTIONS[0] as string), lookup);
    expect(plan).toMatchObject({
      kind: "stream",
      where: { k: "bin", op: "=", b: { k: "lit", value: "'; DROP TABLE queries; --" } },
    });
  });
});
