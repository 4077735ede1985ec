// The Prometheus text format's details (metrics/exposition.ts): label escaping, special values,
// cumulative histogram buckets, families without samples left out.
import { describe, expect, it } from "vitest";
import { Exposition, escapeLabelValue, formatValue } from "../../src/metrics/exposition.js";

describe("exposition", () => {
  it("escapes backslashes, quotes and line feeds in label values", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it("writes special values as Prometheus reads them", () => {
    expect([NaN, Infinity, -Infinity, 0.25, 3].map(formatValue)).toEqual([
      "NaN",
      "+Inf",
      "-Inf",
      "0.25",
      "3",
    ]);
  });

  it("writes cumulative buckets, +Inf, sum and count, and skips empty families", () => {
    const out = new Exposition()
      .family("x_seconds", "histogram", "X.")
      .family("unused", "gauge", "Never sampled.");
    out.histogram("x_seconds", { topic: "t" }, [0.1, 1], { counts: [2, 1], sum: 1.5, count: 4 });
    expect(out.text()).toBe(
      [
        "# HELP x_seconds X.",
        "# TYPE x_seconds histogram",
        'x_seconds_bucket{topic="t",le="0.1"} 2',
        'x_seconds_bucket{topic="t",le="1"} 3',
        'x_seconds_bucket{topic="t",le="+Inf"} 4',
        'x_seconds_sum{topic="t"} 1.5',
        'x_seconds_count{topic="t"} 4',
        "",
      ].join("\n"),
    );
  });
});
