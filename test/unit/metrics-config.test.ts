// EDGELOG_METRICS_SAMPLE_MS: a group's lag sample interval, parsed once at start-up.
import { describe, expect, it } from "vitest";
import { LAG_SAMPLE_MS_DEFAULT, LAG_SAMPLE_MS_MIN } from "../../src/protocol/limits.js";
import { parseConfig } from "../../workers/env.js";

const config = (value: string | undefined) =>
  parseConfig({ EDGELOG_METRICS_SAMPLE_MS: value } as Parameters<typeof parseConfig>[0]);

describe("metrics sample interval", () => {
  it("defaults to a minute and takes whole milliseconds from the minimum up", () => {
    expect(config(undefined).metricsSampleMs).toBe(LAG_SAMPLE_MS_DEFAULT);
    expect(config("").metricsSampleMs).toBe(LAG_SAMPLE_MS_DEFAULT);
    expect(config(String(LAG_SAMPLE_MS_MIN)).metricsSampleMs).toBe(LAG_SAMPLE_MS_MIN);
    expect(config("15000").metricsSampleMs).toBe(15_000);
  });

  it("refuses anything else at start-up", () => {
    for (const bad of [String(LAG_SAMPLE_MS_MIN - 1), "0", "-5", "1e4", "10s", "05000"]) {
      expect(() => config(bad), bad).toThrow(/EDGELOG_METRICS_SAMPLE_MS must be an integer/);
    }
  });
});
