// Compaction targets only grow, so passes replayed in any order keep the same records; a pass
// is pending while the newest target is past the last completed one.
import { describe, expect, it } from "vitest";
import { passPending, targetAdvances } from "../../src/log/compaction-progress.js";

describe("compaction progress", () => {
  const current = { endOffset: 100, time: 5_000 };

  it("takes a target with a later end or time, never an earlier or the same one", () => {
    expect(targetAdvances(current, { endOffset: 120, time: 5_000 })).toBe(true);
    expect(targetAdvances(current, { endOffset: 100, time: 6_000 })).toBe(true);
    expect(targetAdvances(current, { endOffset: 100, time: 5_000 })).toBe(false);
    expect(targetAdvances(current, { endOffset: 90, time: 9_000 })).toBe(false);
    expect(targetAdvances(current, { endOffset: 200, time: 4_000 })).toBe(false);
  });

  it("is pending while the target is past the last completed pass", () => {
    expect(passPending({ compaction: current, cleaned: current })).toBe(false);
    expect(passPending({ compaction: current, cleaned: { endOffset: 80, time: 5_000 } })).toBe(
      true,
    );
    expect(passPending({ compaction: current, cleaned: { endOffset: 100, time: 4_000 } })).toBe(
      true,
    );
  });
});
