// acks="all" waiters: answered as committed once the high watermark covers them, as timed out,
// or as not-leader when leadership ends.
import { describe, expect, it } from "vitest";
import { CommitWaiters } from "../../src/replication/commit-waiters.js";

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
