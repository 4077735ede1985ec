// The leader's checks before an append writes anything: leadership of the caller's epoch (a
// refusal the gateway may retry elsewhere), the batch's shape, and acks="all"'s ISR minimum.
import { describe, expect, it } from "vitest";
import type { PartitionMeta } from "../../src/log/partition-meta-store.js";
import {
  isrShortfall,
  leadershipRefusal,
  shapeRefusal,
} from "../../src/replication/leader-append.js";

const meta: PartitionMeta = {
  topicId: "t-1",
  topic: "t",
  partition: 0,
  replica: 1,
  config: {
    replicationFactor: 3,
    minInsyncReplicas: 2,
    replicaLagMs: 10_000,
    cleanupPolicy: "delete",
  },
  logStartOffset: 0,
  leaderEpoch: 4,
  leader: 1,
  replicas: [0, 1, 2],
  isr: [1],
  highWatermark: 0,
  cleaned: { endOffset: 0, time: 0 },
  compaction: { endOffset: 0, time: 0 },
};

describe("leader append checks", () => {
  it("refuses a caller of another epoch, or any caller when not leading, as retry-safe", () => {
    expect(leadershipRefusal(meta, 4, true)).toBe(null);
    for (const refusal of [leadershipRefusal(meta, 3, true), leadershipRefusal(meta, 4, false)]) {
      expect(refusal).toMatchObject({
        error: { code: "NOT_LEADER", details: { leader: 1, leaderEpoch: 4 } },
        retrySafe: true,
      });
    }
  });

  it("refuses a batch whose arrays do not describe one record each", () => {
    const batch = {
      bodies: "1",
      bodyEnds: new Uint32Array([1]),
      bare: true,
      bodyBytes: null,
      timestamps: null,
    };
    expect(shapeRefusal(batch)).toBe(null);
    expect(shapeRefusal({ ...batch, bodyBytes: new Uint32Array(2) })).toMatchObject({
      error: { code: "INVALID_REQUEST" },
    });
  });

  it("needs minInsyncReplicas in the ISR for acks=all only", () => {
    expect(isrShortfall(meta, "all")).toMatchObject({
      error: { code: "NOT_ENOUGH_REPLICAS", details: { isr: [1], minInsyncReplicas: 2 } },
    });
    expect(isrShortfall(meta, 1)).toBe(null);
    expect(isrShortfall({ ...meta, isr: [0, 1] }, "all")).toBe(null);
  });
});
