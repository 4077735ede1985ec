// Every query kind over seeded random input equals a reference computation written directly in
// JavaScript: filter/project, re-key, tumbling and hopping windows with each aggregate, late
// records and grace, HAVING with tombstones, and a stream-table join with table updates.
import { describe, expect, it } from "vitest";
import { checkQuery, type SourceInfo } from "../../src/sql/checker.js";
import { parseStatement } from "../../src/sql/parser.js";
import type { Json, QueryPlan } from "../../src/sql/plan.js";
import { escapeKeyPart } from "../../src/sql/windows.js";
import { latestByKey, randomBeacons, runPlan, seededRandom } from "../support/sql-reference.js";

const info = (compacted: boolean, fields: string[]): SourceInfo => ({
  partitions: 1,
  compacted,
  table: false,
  fields,
});
const SOURCES: Record<string, SourceInfo> = {
  beacons: info(false, ["page", "ms", "user"]),
  users: info(true, ["tier"]),
};
function plan(sql: string): QueryPlan {
  return checkQuery(parseStatement(sql), {
    source: (name) => SOURCES[name] ?? null,
    names: () => Object.keys(SOURCES),
  });
}

const SEEDS = [1, 2, 3];

describe("stream queries equal the reference", () => {
  it("filters and projects, counting type mismatches as errors", () => {
    for (const seed of SEEDS) {
      const records = randomBeacons(seed, 400);
      const run = runPlan(
        plan(
          "CREATE STREAM s AS SELECT page, ms * 2 AS double_ms, UPPER(user) u FROM beacons WHERE ms > 100",
        ),
        records,
        37,
      );
      const expected = records
        .filter(
          (r) =>
            typeof (r.value as { ms: Json }).ms === "number" &&
            (r.value as { ms: number }).ms > 100,
        )
        .map((r) => {
          const v = r.value as { page?: string; ms: number; user: string };
          return {
            key: r.key,
            timestamp: r.timestamp,
            value: { PAGE: v.page ?? null, DOUBLE_MS: v.ms * 2, U: v.user.toUpperCase() },
          };
        });
      expect(run.outputs).toEqual(expected);
      const mismatches = records.filter((r) => typeof (r.value as { ms: Json }).ms === "string");
      expect(run.errors).toBe(mismatches.length);
    }
  });

  it("re-keys with PARTITION BY (NULL keys stay NULL)", () => {
    const records = randomBeacons(7, 300);
    const run = runPlan(
      plan("CREATE STREAM s AS SELECT * FROM beacons PARTITION BY page"),
      records,
      50,
    );
    expect(run.outputs).toEqual(
      records.map((r) => ({
        key: (r.value as { page?: string }).page ?? null,
        timestamp: r.timestamp,
        value: r.value,
      })),
    );
  });

  it("joins a table by key, seeing each table update from its offset on (LEFT and INNER)", () => {
    const records = randomBeacons(11, 300);
    const random = seededRandom(99);
    const updates = new Map<number, [string, Json]>();
    for (let offset = 0; offset < records.length; offset += 1 + Math.floor(random() * 10)) {
      updates.set(offset, [
        `u${Math.floor(random() * 6)}`,
        { tier: `t${Math.floor(random() * 3)}` },
      ]);
    }
    for (const inner of [false, true]) {
      const join = inner ? "JOIN" : "LEFT JOIN";
      const run = runPlan(
        plan(
          `CREATE STREAM e AS SELECT b.page, u.tier FROM beacons b ${join} users u ON u.KEY = b.user`,
        ),
        records,
        23,
        updates,
      );
      const table = new Map<string, Json>();
      const expected = [];
      for (const r of records) {
        const update = updates.get(r.offset);
        if (update !== undefined) table.set(update[0], update[1]);
        const v = r.value as { page?: string; user: string };
        const row = table.get(v.user) as { tier: string } | undefined;
        if (inner && row === undefined) continue;
        expected.push({
          key: r.key,
          timestamp: r.timestamp,
          value: { PAGE: v.page ?? null, TIER: row?.tier ?? null },
        });
      }
      expect(run.outputs).toEqual(expected);
    }
  });
});

/** The reference: every aggregate of every (page, window) row, with lateness, in plain code. */
function referenceWindows(
  records: ReturnType<typeof randomBeacons>,
  sizeMs: number,
  advanceMs: number,
  graceMs: number,
): { rows: Map<string, Json>; late: number } {
  const groups = new Map<
    string,
    { page: string; start: number; values: Json[]; users: string[]; all: number }
  >();
  let streamTime = 0;
  let late = 0;
  for (const r of records) {
    streamTime = Math.max(streamTime, r.timestamp);
    const v = r.value as { page?: string; ms: Json; user: string };
    if (v.page === undefined) continue;
    let wasLate = false;
    for (
      let start = Math.floor(r.timestamp / advanceMs) * advanceMs;
      start > r.timestamp - sizeMs;
      start -= advanceMs
    ) {
      if (streamTime >= start + sizeMs + graceMs) {
        wasLate = true;
        continue;
      }
      const key = `${escapeKeyPart(v.page)}@${start}`;
      const group = groups.get(key) ?? { page: v.page, start, values: [], users: [], all: 0 };
      group.all++;
      group.values.push(v.ms);
      group.users.push(v.user);
      groups.set(key, group);
    }
    if (wasLate) late++;
  }
  const rows = new Map<string, Json>();
  for (const [key, g] of groups) {
    const numbers = g.values.filter((x): x is number => typeof x === "number");
    const comparable = g.values.filter((x) => x !== null) as (number | string)[];
    const nonNull = g.values.filter((x) => x !== null);
    // MIN/MAX over a mix of numbers and strings is a mismatch: the state keeps what came first.
    rows.set(key, {
      PAGE: g.page,
      N: g.all,
      N_MS: nonNull.length,
      TOTAL: numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0),
      MEAN: numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length,
      LO: minMax(comparable, -1),
      HI: minMax(comparable, 1),
      USERS: new Set(g.users).size,
      LAST_MS: nonNull.at(-1) ?? null,
      FIRST_MS: nonNull[0] ?? null,
      WINDOWSTART: g.start,
      WINDOWEND: g.start + sizeMs,
    });
  }
  return { rows, late };
}

function minMax(values: (number | string)[], sign: 1 | -1): Json {
  let best: number | string | null = null;
  for (const value of values) {
    if (best === null) best = value;
    else if (typeof value === typeof best && (value > best ? 1 : value < best ? -1 : 0) === sign)
      best = value;
  }
  return best;
}

const AGGREGATES =
  "page, COUNT(*) AS n, COUNT(ms) AS n_ms, SUM(ms) AS total, AVG(ms) AS mean, MIN(ms) AS lo, " +
  "MAX(ms) AS hi, COUNT_DISTINCT(user) AS users, LATEST_BY_OFFSET(ms) AS last_ms, " +
  "EARLIEST_BY_OFFSET(ms) AS first_ms";

describe("windowed tables equal the reference", () => {
  const cases = [
    { window: "TUMBLING (SIZE 1 MINUTE)", size: 60_000, advance: 60_000, grace: 0 },
    {
      window: "TUMBLING (SIZE 30 SECONDS, GRACE PERIOD 1 MINUTE)",
      size: 30_000,
      advance: 30_000,
      grace: 60_000,
    },
    {
      window: "HOPPING (SIZE 1 MINUTE, ADVANCE BY 20 SECONDS)",
      size: 60_000,
      advance: 20_000,
      grace: 0,
    },
    {
      window: "HOPPING (SIZE 2 MINUTES, ADVANCE BY 30 SECONDS, GRACE PERIOD 45 SECONDS)",
      size: 120_000,
      advance: 30_000,
      grace: 45_000,
    },
  ];
  for (const { window, size, advance, grace } of cases) {
    it(`computes every aggregate over ${window}, dropping late records`, () => {
      for (const seed of SEEDS) {
        const records = randomBeacons(seed, 500);
        const run = runPlan(
          plan(
            `CREATE TABLE t AS SELECT ${AGGREGATES} FROM beacons WINDOW ${window} GROUP BY page`,
          ),
          records,
          41,
        );
        const reference = referenceWindows(records, size, advance, grace);
        expect(latestByKey(run.outputs)).toEqual(reference.rows);
        expect(run.late).toBe(reference.late);
        expect(reference.late).toBeGreaterThan(0);
      }
    });
  }

  it("groups without a window, and HAVING emits tombstones when a row stops qualifying", () => {
    const records = randomBeacons(5, 400);
    const run = runPlan(
      plan(
        "CREATE TABLE t AS SELECT user, MAX(ROWTIME) AS seen, COUNT(*) AS n FROM beacons GROUP BY user HAVING COUNT(*) < 40",
      ),
      records,
      29,
    );
    const counts = new Map<string, { n: number; seen: number }>();
    for (const r of records) {
      const user = (r.value as { user: string }).user;
      const c = counts.get(user) ?? { n: 0, seen: 0 };
      counts.set(user, { n: c.n + 1, seen: Math.max(c.seen, r.timestamp) });
    }
    const expected = new Map<string, Json>();
    for (const [user, c] of counts)
      if (c.n < 40) expected.set(user, { USER: user, SEEN: c.seen, N: c.n });
    expect(latestByKey(run.outputs)).toEqual(expected);
    expect(run.outputs.some((o) => o.value === null)).toBe(true);
  });

  it("keys rows by escaped group values joined with | and the window start with @", () => {
    const records = randomBeacons(3, 200);
    const run = runPlan(
      plan(
        "CREATE TABLE t AS SELECT page, user, COUNT(*) AS n FROM beacons WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY page, user",
      ),
      records,
      50,
    );
    const keys = [...latestByKey(run.outputs).keys()];
    expect(keys.some((key) => /^\/a\\\|b\\@c\|u\d@\d+$/.test(key))).toBe(true);
    expect(keys.every((key) => /^[^|]+\|u\d@\d+$/.test(key.replace("\\|", "")))).toBe(true);
  });
});
