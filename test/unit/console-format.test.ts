// The console's pure pieces: how numbers, sizes, durations and record values are written for
// people (a value under 1,000 is its digits; 1,234 has its comma), how the history endpoints'
// answers become chart series, and the dry-run rule of an offsets reset.
import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCount,
  formatKey,
  formatRate,
  formatSeconds,
  formatTimestamp,
  formatValue,
  recordMatches,
} from "../../console/lib/format.js";
import {
  activityRates,
  activitySummary,
  lagSeries,
  lagSummary,
} from "../../console/lib/history.js";
import { plannedOffset } from "../../console/lib/reset-plan.js";

describe("formatCount", () => {
  it("writes a value under 1,000 as its digits and groups larger ones by thousands", () => {
    expect([0, 7, 42, 999].map(formatCount)).toEqual(["0", "7", "42", "999"]);
    expect([1000, 1234, 65_536, 1_234_567, 9_007_199_254_740_991].map(formatCount)).toEqual([
      "1,000",
      "1,234",
      "65,536",
      "1,234,567",
      "9,007,199,254,740,991",
    ]);
    expect(formatCount(-1234)).toBe("-1,234");
  });

  it("writes what nobody could read as -", () => {
    expect([null, undefined, Number.NaN].map(formatCount)).toEqual(["-", "-", "-"]);
  });
});

describe("formatRate, formatBytes, formatSeconds, formatTimestamp", () => {
  it("keeps one decimal for slow rates only", () => {
    expect([0, 0.25, 9.94, 12.4, 1234.5].map(formatRate)).toEqual([
      "0",
      "0.3",
      "9.9",
      "12",
      "1,235",
    ]);
    expect(formatRate(null)).toBe("-");
  });

  it("writes bytes in binary units past 1,023", () => {
    expect([0, 999, 1023, 1024, 1536, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      "0 B",
      "999 B",
      "1,023 B",
      "1.0 KiB",
      "1.5 KiB",
      "5.0 GiB",
    ]);
  });

  it("writes lag durations in seconds, minutes and hours", () => {
    expect([0, 59, 60, 200, 7500].map(formatSeconds)).toEqual([
      "0 s",
      "59 s",
      "1 min 0 s",
      "3 min 20 s",
      "2 h 5 min",
    ]);
  });

  it("writes timestamps in UTC to the millisecond", () => {
    expect(formatTimestamp(Date.UTC(2026, 11, 5, 10, 4, 5, 60))).toBe(
      "2026-12-05 10:04:05.060 UTC",
    );
  });
});

describe("record values and keys", () => {
  it("pretty-prints JSON values, and strings holding a JSON object or array", () => {
    expect(formatValue({ value: { a: 1 } })).toBe('{\n  "a": 1\n}');
    expect(formatValue({ value: '{"a":[1,2]}' })).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatValue({ value: "{not json" })).toBe("{not json");
    expect(formatValue({ value: "plain" })).toBe("plain");
    expect(formatValue({ value: 42 })).toBe("42");
    expect(formatValue({ value: null })).toBe("null");
    expect(formatValue({ valueBase64: "AAE=" })).toBe("(bytes, base64) AAE=");
  });

  it("shows a missing key as - and byte keys as base64", () => {
    expect(formatKey({ key: null })).toBe("-");
    expect(formatKey({ key: "k" })).toBe("k");
    expect(formatKey({ keyBase64: "AQ==" })).toBe("(bytes, base64) AQ==");
  });

  it("filters on key, value and headers, case-insensitively", () => {
    const record = {
      offset: 0,
      timestamp: 0,
      key: "Order-7",
      value: { item: "Tea" },
      headers: { source: "web" },
    };
    expect(["", "order-7", "tea", "WEB", "source"].map((f) => recordMatches(record, f))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(recordMatches(record, "cake")).toBe(false);
  });
});

describe("chart series from the history endpoints", () => {
  it("fills minutes the activity answer omits with 0 and turns counts into records/s", () => {
    const now = Date.UTC(2026, 11, 5, 10, 3, 30);
    const minute = (m: number) => Date.UTC(2026, 11, 5, 10, m);
    const rates = activityRates(
      [{ minute: minute(1), recordsIn: 120, bytesIn: 1, recordsOut: 60, bytesOut: 1 }],
      now,
      3,
    );
    expect(rates.seconds).toEqual([minute(1) / 1000, minute(2) / 1000, minute(3) / 1000]);
    expect(rates.series).toEqual([
      { label: "records/s in", values: [2, 0, 0] },
      { label: "records/s out", values: [1, 0, 0] },
    ]);
  });

  it("makes one lag series per topic over the union of sample times", () => {
    const lag = lagSeries([
      { timestamp: 2000, topic: "b", lagRecords: 5, lagSeconds: 1 },
      { timestamp: 1000, topic: "a", lagRecords: 3, lagSeconds: 1 },
      { timestamp: 2000, topic: "a", lagRecords: 4, lagSeconds: 2 },
    ]);
    expect(lag.seconds).toEqual([1, 2]);
    expect(lag.series).toEqual([
      { label: "a lag (records)", values: [3, 4] },
      { label: "b lag (records)", values: [null, 5] },
    ]);
  });
});

describe("chart summaries in words", () => {
  it("sums the activity over the chart's span", () => {
    const minute = { minute: 0, recordsIn: 1200, bytesIn: 1, recordsOut: 34, bytesOut: 1 };
    expect(activitySummary([minute, { ...minute, minute: 60_000 }], 60)).toBe(
      "2,400 records in and 68 out over the last 60 minutes.",
    );
  });

  it("gives each topic's lag at its latest sample", () => {
    expect(lagSummary([])).toBe("No lag samples yet.");
    expect(
      lagSummary([
        { timestamp: 2, topic: "b", lagRecords: 1500, lagSeconds: 200 },
        { timestamp: 1, topic: "a", lagRecords: 9, lagSeconds: 1 },
        { timestamp: 3, topic: "a", lagRecords: 4, lagSeconds: 0 },
      ]),
    ).toBe("Latest lag: a: 4 records (0 s); b: 1,500 records (3 min 20 s).");
  });
});

describe("the offsets reset dry run", () => {
  const offsets = { logStartOffset: 10, highWatermark: 50, logEndOffset: 52 };

  it("plans what the server writes: log start, high watermark, clamped offset, time's offset", () => {
    expect(plannedOffset("earliest", offsets)).toBe(10);
    expect(plannedOffset("latest", offsets)).toBe(50);
    expect([0, 30, 99].map((offset) => plannedOffset({ offset }, offsets))).toEqual([10, 30, 50]);
    expect(plannedOffset({ timestamp: 5 }, { ...offsets, offset: 17 })).toBe(17);
    expect(plannedOffset({ timestamp: 5 }, { ...offsets, offset: null })).toBe(50);
  });
});
