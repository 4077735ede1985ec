// The ISR rules as pure functions: high watermark, lag, election.
import { describe, expect, it } from "vitest";
import { LAG_CHECK_MS_MAX } from "../../src/protocol/limits.js";
import {
  electLeader,
  highWatermarkOf,
  isrAfterLag,
  isrWith,
  lagCheckIntervalMs,
  laggingReplicas,
} from "../../src/replication/isr.js";

describe("ISR rules", () => {
  it("takes the high watermark as the smallest log end offset in the ISR", () => {
    const ends = new Map<number, number | null>([
      [0, 10],
      [1, 7],
      [2, 3],
    ]);
    expect(highWatermarkOf([0, 1], ends)).toBe(7);
    expect(highWatermarkOf([0, 1, 2], ends)).toBe(3);
    expect(highWatermarkOf([0], ends)).toBe(10);
    // An in-sync replica whose log end is not known yet holds the high watermark where it is.
    expect(
      highWatermarkOf(
        [0, 1],
        new Map([
          [0, 10],
          [1, null],
        ]),
      ),
    ).toBeNull();
  });

  it("drops only in-sync followers that are behind for longer than the lag", () => {
    const followers = [
      { replica: 1, logEndOffset: 5, lastCaughtUpAt: 0 },
      { replica: 2, logEndOffset: 10, lastCaughtUpAt: 0 },
      { replica: 3, logEndOffset: null, lastCaughtUpAt: 900 },
      { replica: 4, logEndOffset: 1, lastCaughtUpAt: 0 },
    ];
    const lagging = laggingReplicas([0, 1, 2, 3], followers, 10, 1000, 500);
    expect(lagging).toEqual([1]); // 2 is caught up, 3 lags for only 100 ms, 4 is not in the ISR
    expect(isrAfterLag([0, 1, 2, 3], lagging)).toEqual([0, 2, 3]);
  });

  it("elects the longest log, the lowest replica number on a tie", () => {
    expect(electLeader([])).toBeNull();
    expect(
      electLeader([
        { replica: 2, logEndOffset: 9 },
        { replica: 1, logEndOffset: 9 },
        { replica: 0, logEndOffset: 4 },
      ]),
    ).toEqual({ replica: 1, logEndOffset: 9 });
  });

  it("re-admits a follower in replica order and checks lag a quarter of replicaLagMs apart", () => {
    expect(isrWith([0, 2], 1)).toEqual([0, 1, 2]);
    expect(lagCheckIntervalMs(400)).toBe(100);
    expect(lagCheckIntervalMs(2)).toBe(1);
    expect(lagCheckIntervalMs(10 * LAG_CHECK_MS_MAX)).toBe(LAG_CHECK_MS_MAX);
  });
});
