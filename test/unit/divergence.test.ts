// KIP-101/279 from the leader-epoch cache alone: the leader's divergence point for a follower's
// last epoch, and where the follower then cuts its log.
import { describe, expect, it } from "vitest";
import {
  divergencePoint,
  diverges,
  type EpochStart,
  endOffsetForEpoch,
  truncationPoint,
} from "../../src/log/divergence.js";

// Epoch 0 wrote [0, 5), epoch 2 [5, 9), epoch 4 from 9 to the log end at 12.
const leader: EpochStart[] = [
  { epoch: 0, startOffset: 0 },
  { epoch: 2, startOffset: 5 },
  { epoch: 4, startOffset: 9 },
];

describe("leader-epoch divergence", () => {
  it("ends an epoch where the next one starts, the newest at the log end", () => {
    expect(endOffsetForEpoch(leader, 0, 12)).toBe(5);
    expect(endOffsetForEpoch(leader, 1, 12)).toBe(5);
    expect(endOffsetForEpoch(leader, 2, 12)).toBe(9);
    expect(endOffsetForEpoch(leader, 4, 12)).toBe(12);
  });

  it("answers a follower with the largest epoch not after its last, and where that ends", () => {
    expect(divergencePoint(leader, 4, 0, 12)).toEqual({ epoch: 4, endOffset: 12 });
    // The follower led epoch 3, which the leader never saw: they agree up to epoch 2's end.
    expect(divergencePoint(leader, 3, 0, 12)).toEqual({ epoch: 2, endOffset: 9 });
    expect(divergencePoint([], 3, 7, 7)).toEqual({ epoch: -1, endOffset: 7 });
    expect(divergencePoint(leader.slice(1), 1, 5, 12)).toEqual({ epoch: -1, endOffset: 5 });
  });

  it("flags a follower whose log goes past the point or ends in another epoch", () => {
    expect(diverges({ epoch: 2, endOffset: 9 }, 11, 3)).toBe(true);
    expect(diverges({ epoch: 2, endOffset: 9 }, 8, 3)).toBe(true);
    expect(diverges({ epoch: 4, endOffset: 12 }, 10, 4)).toBe(false);
  });

  it("cuts the follower at the point, or earlier where its own epoch ended sooner", () => {
    // Follower: epoch 0 wrote [0, 3), its epoch 2 from 3, epoch 3 from 7; log end 11.
    const follower: EpochStart[] = [
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 3 },
      { epoch: 3, startOffset: 7 },
    ];
    expect(truncationPoint(follower, { epoch: 2, endOffset: 9 }, 11)).toBe(7);
    expect(truncationPoint(follower, { epoch: 0, endOffset: 5 }, 11)).toBe(3);
    expect(truncationPoint(follower, { epoch: -1, endOffset: 4 }, 11)).toBe(4);
  });
});
