// "nearest" picks the in-sync replica placed on the reader's continent, else the leader.
import { describe, expect, it } from "vitest";
import type { PartitionAssignment, TopicConfig } from "../../src/protocol/types.js";
import { nearestReplica } from "../../src/service/nearest-replica.js";

const assignment: PartitionAssignment = {
  partition: 0,
  leader: 0,
  leaderEpoch: 3,
  replicas: [0, 1, 2],
  isr: [0, 2],
};
const config: TopicConfig = {
  replicationFactor: 3,
  minInsyncReplicas: 2,
  replicaLagMs: 10_000,
  cleanupPolicy: "delete",
  placement: ["enam", "weur", "apac"],
};

describe("nearestReplica", () => {
  it("prefers an in-sync replica on the reader's continent", () => {
    expect(nearestReplica(assignment, config, "AS")).toBe(2);
    expect(nearestReplica(assignment, config, "NA")).toBe(0);
  });

  it("falls back to the leader: out-of-sync replica, unknown continent, no hints", () => {
    expect(nearestReplica(assignment, config, "EU")).toBe(0); // replica 1 is not in sync
    expect(nearestReplica(assignment, config, undefined)).toBe(0);
    expect(nearestReplica(assignment, config, "AN")).toBe(0);
    const { placement: _, ...unplaced } = config;
    expect(nearestReplica(assignment, unplaced, "AS")).toBe(0);
  });
});
