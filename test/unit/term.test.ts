// A replicator lives as long as its term: a config change keeps it, anything else ends it.
import { describe, expect, it } from "vitest";
import { sameTerm, staleEpoch } from "../../src/replication/term.js";

describe("term", () => {
  const term = { topicId: "t-1", leader: 1, leaderEpoch: 3, replicas: [0, 1, 2] };

  it("is the same only with the same incarnation, leader, epoch and replica set", () => {
    expect(sameTerm(term, { ...term, replicas: [0, 1, 2] })).toBe(true);
    expect(sameTerm(term, { ...term, topicId: "t-2" })).toBe(false);
    expect(sameTerm(term, { ...term, leader: 0 })).toBe(false);
    expect(sameTerm(term, { ...term, leaderEpoch: 4 })).toBe(false);
    expect(sameTerm(term, { ...term, replicas: [0, 1] })).toBe(false);
    expect(sameTerm(term, { ...term, replicas: [0, 2, 1] })).toBe(false);
  });

  it("fences an older epoch with the current one", () => {
    expect(staleEpoch(2, 3)).toMatchObject({
      error: { code: "NOT_LEADER", details: { leaderEpoch: 3 } },
    });
  });
});
