// The coordinator's pure rules on member records: when a member is out, the group's state, the
// heartbeat interval, partition lists, and the two KIP-848 steps (rebalance, reconcile).
import { describe, expect, it } from "vitest";
import type { GroupMeta, Member } from "../../src/groups/group-store.js";
import {
  byTopic,
  deadlineOf,
  heartbeatInterval,
  keysOf,
  newMeta,
  sameKeys,
  stateOf,
} from "../../src/groups/member-state.js";
import { rebalance, reconcile } from "../../src/groups/reconciliation.js";

function member(memberId: string, fields: Partial<Member> = {}): Member {
  return {
    memberId,
    instanceId: null,
    memberEpoch: 1,
    topics: ["t"],
    sessionTimeoutMs: 30_000,
    rebalanceTimeoutMs: 60_000,
    expiresAt: 30_000,
    target: [],
    granted: [],
    owned: [],
    departed: false,
    revokeDeadline: 0,
    joinedAt: 0,
    clientId: null,
    host: null,
    ...fields,
  };
}

describe("member state", () => {
  it("heartbeats every third of the session, at most every 5 s", () => {
    expect(heartbeatInterval(6_000)).toBe(2_000);
    expect(heartbeatInterval(10_000)).toBe(3_333);
    expect(heartbeatInterval(45_000)).toBe(5_000);
  });

  it("puts a member out at its session's end, or sooner at an earlier revocation deadline", () => {
    expect(deadlineOf(member("a", { expiresAt: 100 }))).toBe(100);
    expect(deadlineOf(member("a", { expiresAt: 100, revokeDeadline: 70 }))).toBe(70);
    expect(deadlineOf(member("a", { expiresAt: 100, revokeDeadline: 130 }))).toBe(100);
  });

  it("is Empty without members, Reconciling until every member owns its target, then Stable", () => {
    expect(stateOf([])).toBe("Empty");
    const moving = member("a", { target: ["t/0", "t/1"], granted: ["t/0"], owned: ["t/0"] });
    expect(stateOf([moving])).toBe("Reconciling");
    const unconfirmed = member("a", { target: ["t/0"], granted: ["t/0"], owned: [] });
    expect(stateOf([unconfirmed])).toBe("Reconciling");
    // A departed static member holds its grant without confirming it.
    const departed = member("a", { target: ["t/0"], granted: ["t/0"], departed: true });
    expect(stateOf([departed])).toBe("Stable");
    const settled = member("b", { target: ["t/1", "t/0"], granted: ["t/0", "t/1"] });
    expect(stateOf([{ ...settled, owned: ["t/1", "t/0"] }])).toBe("Stable");
  });

  it("turns wire partition lists into keys and back, sorted by topic and partition", () => {
    const keys = keysOf([
      { topic: "b", partitions: [2, 0] },
      { topic: "a/x", partitions: [10, 9] },
    ]);
    expect(keys).toEqual(["b/2", "b/0", "a/x/10", "a/x/9"]);
    expect(byTopic(keys)).toEqual([
      { topic: "a/x", partitions: [9, 10] },
      { topic: "b", partitions: [0, 2] },
    ]);
    expect(byTopic([])).toEqual([]);
  });

  it("compares key lists as sets of distinct keys, ignoring order", () => {
    expect(sameKeys(["t/0", "t/1"], ["t/1", "t/0"])).toBe(true);
    expect(sameKeys(["t/0"], ["t/0", "t/1"])).toBe(false);
    expect(sameKeys(["t/0", "t/1"], ["t/0", "t/2"])).toBe(false);
  });

  it("starts a group's meta at epoch 0 with no partition counts", () => {
    expect(newMeta("g", "range", 5)).toEqual({
      groupId: "g",
      groupEpoch: 0,
      assignor: "range",
      partitionCounts: {},
      countsCheckedAt: 5,
      createdAt: 5,
    });
  });
});

describe("rebalance and reconcile", () => {
  const meta = (): GroupMeta => ({ ...newMeta("g", "range", 0), partitionCounts: { t: 2 } });

  it("rebalance moves the group epoch and gives every member a target", () => {
    const m = meta();
    const members = [member("a"), member("b")];
    rebalance(m, members);
    expect(m.groupEpoch).toBe(1);
    expect(members.map((x) => x.target)).toEqual([["t/0"], ["t/1"]]);
  });

  it("grants nothing another member still holds, and moves the epoch only when the grant changes", () => {
    const old = member("a", { granted: ["t/0", "t/1"], owned: ["t/0", "t/1"], target: ["t/0"] });
    const fresh = member("b", { target: ["t/1"] });
    reconcile(fresh, [old, fresh], 1_000);
    expect(fresh.granted).toEqual([]);
    expect(fresh.memberEpoch).toBe(1);
    // The old owner keeps t/0; listing t/1 as owned past its target starts its revocation clock.
    reconcile(old, [old, fresh], 1_000);
    expect(old.granted).toEqual(["t/0"]);
    expect(old.memberEpoch).toBe(2);
    expect(old.revokeDeadline).toBe(61_000);
    // Once the old owner stopped listing t/1, it reaches its new owner.
    old.owned = ["t/0"];
    reconcile(old, [old, fresh], 2_000);
    expect(old.revokeDeadline).toBe(0);
    reconcile(fresh, [old, fresh], 2_000);
    expect(fresh.granted).toEqual(["t/1"]);
    expect(fresh.memberEpoch).toBe(2);
  });
});
