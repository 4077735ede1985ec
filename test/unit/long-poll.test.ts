// Long-poll: a read that finds nothing waits for a wake-up and tries again, and gives up with
// its last answer once its wait is over.
import { describe, expect, it } from "vitest";
import { LongPoll } from "../../src/replication/long-poll.js";

describe("long poll", () => {
  it("answers at once when the first attempt settles", async () => {
    const poll = new LongPoll();
    expect(
      await poll.poll(
        10_000,
        () => 3,
        (n) => n > 0,
      ),
    ).toBe(3);
    expect(poll.size).toBe(0);
  });

  it("tries again on every wake-up until an attempt settles", async () => {
    const poll = new LongPoll();
    let available = 0;
    const answer = poll.poll(
      10_000,
      () => available,
      (n) => n > 0,
    );
    await Promise.resolve();
    expect(poll.size).toBe(1);
    poll.wakeAll(); // nothing new yet: it waits again
    await Promise.resolve();
    available = 2;
    poll.wakeAll();
    expect(await answer).toBe(2);
    expect(poll.size).toBe(0);
  });

  it("gives up with the last answer once its wait is over", async () => {
    const poll = new LongPoll();
    const started = Date.now();
    expect(
      await poll.poll(
        30,
        () => 0,
        (n) => n > 0,
      ),
    ).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    expect(poll.size).toBe(0);
  });
});
