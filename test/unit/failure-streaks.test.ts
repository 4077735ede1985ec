// Failure streaks fold an outage's repeated failures into a first line, one line per quiet
// period with the count, and a recovery; a new cause is a new line at once.
import { describe, expect, it } from "vitest";
import { FailureStreaks } from "../../src/client/failure-streaks.js";

function streaks() {
  const clock = { nowMs: 0 };
  return { clock, streaks: new FailureStreaks(() => clock.nowMs, 30_000) };
}

describe("FailureStreaks", () => {
  it("notes the first failure, stays quiet for 30 s, then notes the count; recovery ends it", () => {
    const { clock, streaks: s } = streaks();
    expect(s.failed("fetch t/0", "UNAVAILABLE")).toEqual({ kind: "first" });
    const quiet = [];
    for (let i = 0; i < 100; i++) {
      clock.nowMs += 299;
      quiet.push(s.failed("fetch t/0", "UNAVAILABLE"));
    }
    expect(quiet.every((note) => note === null)).toBe(true);
    clock.nowMs = 30_000;
    expect(s.failed("fetch t/0", "UNAVAILABLE")).toEqual({
      kind: "repeated",
      failures: 102,
      streakMs: 30_000,
    });
    clock.nowMs = 30_001;
    expect(s.failed("fetch t/0", "UNAVAILABLE")).toBeNull();
    clock.nowMs = 45_000;
    expect(s.succeeded("fetch t/0")).toEqual({ failures: 103, streakMs: 45_000 });
    // Recovered: nothing to end, and the next failure is a first again.
    expect(s.succeeded("fetch t/0")).toBeNull();
    expect(s.failed("fetch t/0", "UNAVAILABLE")).toEqual({ kind: "first" });
  });

  it("notes a changed cause at once, and keeps operations apart", () => {
    const { clock, streaks: s } = streaks();
    expect(s.failed("fetch t/0", "UNAVAILABLE")).toEqual({ kind: "first" });
    expect(s.failed("fetch t/1", "UNAVAILABLE")).toEqual({ kind: "first" });
    clock.nowMs = 1_000;
    expect(s.failed("fetch t/0", "TOPIC_NOT_FOUND")).toEqual({
      kind: "changed",
      previousCause: "UNAVAILABLE",
    });
    expect(s.failed("fetch t/0", "TOPIC_NOT_FOUND")).toBeNull();
    expect(s.succeeded("fetch t/1")).toEqual({ failures: 1, streakMs: 1_000 });
    expect(s.succeeded("fetch t/0")).toEqual({ failures: 3, streakMs: 1_000 });
  });

  it("tracks at most 1,000 streaks, forgetting the oldest", () => {
    const { streaks: s } = streaks();
    for (let i = 0; i <= 1_000; i++) s.failed(`describe topic t${i}`, "UNAVAILABLE");
    expect(s.succeeded("describe topic t0")).toBeNull();
    expect(s.succeeded("describe topic t1")).toEqual({ failures: 1, streakMs: 0 });
    expect(s.succeeded("describe topic t1000")).toEqual({ failures: 1, streakMs: 0 });
  });
});
