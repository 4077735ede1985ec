// A push subscription's retry waits (subscription-backoff.ts): doubling from backoffMs, capped
// at backoffMsMax, each between half and all of its nominal value.
import { describe, expect, it } from "vitest";
import { backoffMs } from "../../src/delivery/subscription-backoff.js";

describe("subscription backoff", () => {
  const config = { backoffMs: 1_000, backoffMsMax: 10_000 };

  it("doubles per attempt up to the cap, with jitter from half to all of it", () => {
    const nominal = [1_000, 2_000, 4_000, 8_000, 10_000, 10_000];
    nominal.forEach((expected, i) => {
      expect(backoffMs(i + 1, config, 0)).toBe(expected / 2);
      expect(backoffMs(i + 1, config, 0.999_999)).toBe(expected);
      expect(backoffMs(i + 1, config, 0.5)).toBe((expected * 3) / 4);
    });
  });

  it("stays exact and capped for any attempt count", () => {
    expect(backoffMs(10_000, config, 0.999_999)).toBe(10_000);
    expect(backoffMs(0, config, 0)).toBe(500);
  });
});
