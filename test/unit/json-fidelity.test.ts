// The fidelity check's cheap gate never waves through a number that would not come back as sent,
// and its exact pass agrees with the definition (same decimal value after a round trip).
import { describe, expect, it } from "vitest";
import { hasFlaw, mayBeUnfaithful, sameDecimal } from "../../src/protocol/json-fidelity.js";

/** A deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A JSON number token: 1 to 25 digits, maybe a fraction, maybe an exponent up to ±400. */
function token(next: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join("");
  const whole =
    next() < 0.3 ? "0" : `${1 + Math.floor(next() * 9)}${digits(Math.floor(next() * 20))}`;
  const fraction = next() < 0.5 ? `.${digits(1 + Math.floor(next() * 24))}` : "";
  const exponent =
    next() < 0.3
      ? `${next() < 0.5 ? "e" : "E"}${["", "+", "-"][Math.floor(next() * 3)]}${Math.floor(next() * 400)}`
      : "";
  return `${next() < 0.3 ? "-" : ""}${whole}${fraction}${exponent}`;
}

function faithful(text: string): boolean {
  const n = Number(text);
  return Number.isFinite(n) && sameDecimal(text, String(n));
}

describe("json fidelity", () => {
  it("gates every unfaithful number and judges each exactly (20,000 seeded tokens)", () => {
    const next = random(0x14);
    let unfaithful = 0;
    for (let i = 0; i < 20_000; i++) {
      const t = token(next);
      if (!faithful(t)) unfaithful++;
      for (const text of [`{"v":${t}}`, `[1, ${t}]`, t, `{"a":[\n ${t}]}`]) {
        const value: unknown = JSON.parse(text);
        const gated = mayBeUnfaithful(text);
        if (!faithful(t)) expect({ text, gated }).toEqual({ text, gated: true });
        if (gated)
          expect({ text, flaw: hasFlaw(text, value) }).toEqual({ text, flaw: !faithful(t) });
      }
    }
    // Both kinds are well represented, so neither half of the check is vacuous.
    expect(unfaithful).toBeGreaterThan(4_000);
    expect(unfaithful).toBeLessThan(16_000);
  });

  it("compares decimal values, not spellings", () => {
    expect(sameDecimal("1.0", "1")).toBe(true);
    expect(sameDecimal("1e2", "100")).toBe(true);
    expect(sameDecimal("-0", "0")).toBe(true);
    expect(sameDecimal("0.000", "0")).toBe(true);
    expect(sameDecimal("1.5e-7", "0.00000015")).toBe(true);
    expect(sameDecimal("1.7976931348623157e308", "1.7976931348623157e+308")).toBe(true);
    expect(sameDecimal("12345678901234567890", "12345678901234567000")).toBe(false);
    expect(sameDecimal("0.10000000000000001", "0.1")).toBe(false);
    expect(sameDecimal("-1", "1")).toBe(false);
  });
});
