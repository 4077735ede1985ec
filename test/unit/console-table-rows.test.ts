// The query page's pure pieces: which columns of a pull query's answer a chart can draw, a
// windowed table's rows as one line per group over its window starts (the largest groups when
// there are too many), and the rows newest window first.
import { describe, expect, it } from "vitest";
import {
  CHART_GROUPS_MAX,
  isWindowed,
  newestRows,
  numericColumns,
  windowSeries,
} from "../../console/lib/table-rows.js";

const MINUTE_MS = 60_000;
const columns = ["URL", "VIEWS", "AVG_MS", "WINDOWSTART", "WINDOWEND"];
const row = (url: string, views: number, avg: number | null, minute: number) => [
  url,
  views,
  avg,
  minute * MINUTE_MS,
  (minute + 1) * MINUTE_MS,
];

describe("console table rows", () => {
  it("finds the numeric columns of a windowed table, NULLs allowed, window columns left out", () => {
    const answer = { columns, rows: [row("/a", 3, null, 1), row("/b", 1, 12.5, 1)] };
    expect(isWindowed(answer)).toBe(true);
    expect(numericColumns(answer)).toEqual(["VIEWS", "AVG_MS"]);
    expect(isWindowed({ columns: ["URL", "VIEWS"], rows: [] })).toBe(false);
  });

  it("draws one line per group over the window starts, a gap where a group has no row", () => {
    const answer = {
      columns,
      rows: [row("/a", 3, 1, 2), row("/b", 1, 1, 1), row("/a", 2, 1, 1)],
    };
    expect(windowSeries(answer, "VIEWS")).toEqual({
      seconds: [60, 120],
      series: [
        { label: "/a: VIEWS", values: [2, 3] },
        { label: "/b: VIEWS", values: [1, null] },
      ],
      summary: "VIEWS of 2 groups over 2 windows.",
    });
  });

  it("keeps the groups with the largest sums when there are too many", () => {
    const rows = Array.from({ length: CHART_GROUPS_MAX + 2 }, (_, i) => row(`/p${i}`, i, 0, 0));
    const drawn = windowSeries({ columns, rows }, "VIEWS");
    expect(drawn.series.map((s) => s.label)).toEqual(
      [7, 6, 5, 4, 3, 2].map((i) => `/p${i}: VIEWS`),
    );
    expect(drawn.summary).toBe(
      `VIEWS of 8 groups over 1 window (the ${CHART_GROUPS_MAX} largest shown).`,
    );
  });

  it("lists rows newest window first, as many as asked", () => {
    const answer = { columns, rows: [row("/a", 1, 0, 1), row("/a", 2, 0, 3), row("/a", 3, 0, 2)] };
    expect(newestRows(answer, 2).map((r) => r[1])).toEqual([2, 3]);
  });
});
