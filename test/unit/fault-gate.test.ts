// Injected faults: a request changes only what it names, a delay out of range changes nothing,
// and a down replica's failure is one a caller may safely retry.
import { describe, expect, it } from "vitest";
import { FAULT_DELAY_MS_MAX } from "../../src/protocol/limits.js";
import { downFailure, faultsAfter } from "../../src/replication/fault-gate.js";

describe("fault gate", () => {
  const none = { down: false, delayMs: 0 };

  it("changes only the faults a request names", () => {
    expect(faultsAfter(none, { down: true })).toEqual({ down: true, delayMs: 0 });
    expect(faultsAfter({ down: true, delayMs: 5 }, { delayMs: 0 })).toEqual({
      down: true,
      delayMs: 0,
    });
    expect(faultsAfter(none, {})).toEqual(none);
  });

  it("refuses a delay that is not an integer from 0 to FAULT_DELAY_MS_MAX", () => {
    for (const delayMs of [-1, 1.5, FAULT_DELAY_MS_MAX + 1, Number.NaN]) {
      const refused = faultsAfter(none, { delayMs, down: true });
      expect(refused).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST" } });
    }
    expect(faultsAfter(none, { delayMs: FAULT_DELAY_MS_MAX })).toEqual({
      down: false,
      delayMs: FAULT_DELAY_MS_MAX,
    });
  });

  it("fails a down replica's calls as UNAVAILABLE, safe to retry", () => {
    expect(downFailure()).toMatchObject({
      ok: false,
      error: { code: "UNAVAILABLE" },
      retrySafe: true,
    });
  });
});
