// acks="all" waiters: answered as committed once the high watermark covers them, as timed out,
// or as not-leader when leadership ends.
import { describe, expect, it } from "vitest";
import { CommitWaiters } from "../../src/replication/commit-waiters.js";
import { FollowerLink } from "../../src/replication/follower-link.js";

describe("commit waiters", () => {
  it("answers each write once the high watermark covers it", async () => {
    const waiters = new CommitWaiters();
    const early = waiters.wait(3, 10_000);
    const late = waiters.wait(8, 10_000);
    waiters.committed(5);
    expect(await early).toBe("committed");
    expect(waiters.size).toBe(1);
    waiters.endAll();
    expect(await late).toBe("not-leader");
    expect(waiters.size).toBe(0);
  });

  it("answers a write the high watermark does not reach in time as timed out", async () => {
    const waiters = new CommitWaiters();
    expect(await waiters.wait(3, 10)).toBe("timeout");
    expect(waiters.size).toBe(0);
  });
});

describe("follower link", () => {
  it("restarts a follower behind the compaction target once, until it accepts the copy", () => {
    const link = new FollowerLink(2, 5, 0);
    expect(link.needsRestart(4, 0, 1)).toBe(false);
    expect(link.needsRestart(10, 3, 1)).toBe(true);
    expect(link.copy).toEqual({ endOffset: 10, started: false, progressAt: 1, rewrites: 3 });
    expect(link.needsRestart(12, 4, 2)).toBe(true);
    expect(link.copy?.rewrites).toBe(4);
    if (link.copy !== null) link.copy.started = true;
    expect(link.needsRestart(12, 4, 3)).toBe(false);
  });

  it("pauses until woken", async () => {
    const link = new FollowerLink(2, null, 0);
    const paused = link.pause(10_000);
    link.wake?.();
    await paused;
    expect(link.wake).toBe(null);
  });
});
