// Statements for the stream SQL fuzz tests: valid seeds, token-level mutations of them, random
// token soup, and injection attempts aimed at SQLite and eval.
import { seededRandom } from "./sql-reference.js";

export const SEED_STATEMENTS = [
  "CREATE STREAM s1 AS SELECT page, ms * 2 AS d FROM beacons WHERE ms > 100 AND page LIKE '/a%' EMIT CHANGES",
  "CREATE TABLE t1 AS SELECT page, COUNT(*) AS n, AVG(ms) FROM beacons WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY page HAVING COUNT(*) > 1",
  "CREATE STREAM s2 WITH (PARTITIONS = 2, START = 'earliest') AS SELECT CASE WHEN ms IS NULL THEN 'none' ELSE CAST(ms AS STRING) END AS m, HEADERS['x'] FROM beacons b PARTITION BY user",
  "SELECT * FROM t1 WHERE KEY = '/home' AND WINDOWSTART BETWEEN 0 AND 100",
  "SELECT UPPER(page), COALESCE(ms, 0) FROM beacons WHERE ms NOT IN (1, 2, 3) EMIT CHANGES",
];

export const INJECTIONS = [
  "SELECT * FROM beacons WHERE page = '''; DROP TABLE queries; --' EMIT CHANGES",
  "SELECT * FROM beacons WHERE page = ''; DROP TABLE queries; --' EMIT CHANGES",
  "SELECT * FROM `queries; DELETE FROM table_rows` EMIT CHANGES",
  "CREATE STREAM `x'); DROP TABLE processor; --` AS SELECT * FROM beacons",
  "SELECT * FROM t1 WHERE KEY = 'a'' OR ''1''=''1'",
  "SELECT * FROM t1 WHERE KEY = '%' OR 1 = 1",
  "CREATE STREAM s AS SELECT constructor, __proto__, `__proto__`->polluted FROM beacons",
  "SELECT process.exit(1), globalThis FROM beacons EMIT CHANGES",
  "SELECT * FROM beacons WHERE page LIKE '(a+)+$' EMIT CHANGES",
  "SELECT `` FROM beacons",
  "SELECT * FROM _migrations",
  "SELECT * FROM sqlite_master",
];

const TOKENS = [
  "SELECT",
  "FROM",
  "WHERE",
  "GROUP",
  "BY",
  "CREATE",
  "STREAM",
  "TABLE",
  "AS",
  "WITH",
  "(",
  ")",
  ",",
  ";",
  "*",
  "+",
  "-",
  "/",
  "%",
  "=",
  "<>",
  "<",
  ">=",
  "AND",
  "OR",
  "NOT",
  "NULL",
  "IS",
  "LIKE",
  "IN",
  "BETWEEN",
  "CASE",
  "WHEN",
  "THEN",
  "ELSE",
  "END",
  "CAST",
  "WINDOW",
  "TUMBLING",
  "HOPPING",
  "SIZE",
  "ADVANCE",
  "GRACE",
  "PERIOD",
  "EMIT",
  "CHANGES",
  "JOIN",
  "LEFT",
  "ON",
  "KEY",
  "ROWTIME",
  "VALUE",
  "->",
  "HEADERS",
  "[",
  "]",
  "'x'",
  "'",
  "`",
  "`a b`",
  "1",
  "1.5e3",
  "page",
  "ms",
  "beacons",
  "t1",
  "COUNT",
  "SUM",
  "\n",
  "--",
  "/*",
  "*/",
  "\u0000",
  "é",
  "🙂",
];

/** `count` statements: each seed mutated by dropping, repeating, swapping or inserting tokens. */
export function fuzzStatements(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (random() < 0.25) {
      out.push(Array.from({ length: 1 + Math.floor(random() * 30) }, () => pick(TOKENS)).join(" "));
      continue;
    }
    const words = pick(SEED_STATEMENTS).split(" ");
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * words.length);
      const roll = random();
      if (roll < 0.3) words.splice(at, 1);
      else if (roll < 0.5) words.splice(at, 0, pick(TOKENS));
      else if (roll < 0.7) words[at] = pick(TOKENS);
      else if (roll < 0.85) words.splice(at, 0, words[at] ?? "");
      else words[at] = (words[at] ?? "").slice(0, Math.floor(random() * 5));
    }
    out.push(words.join(" "));
  }
  return out;
}
