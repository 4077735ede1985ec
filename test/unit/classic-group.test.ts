// The classic group protocol's state machine, pure: joins, the join phase and its end,
// generations, leader and protocol choice, sync, heartbeats, commits, static members, and
// session and rebalance timeouts driven by an explicit clock (`now` passed in, never slept).
import { describe, expect, it } from "vitest";
import {
  checkClassicCommit,
  heartbeatClassic,
  joinAnswer,
  syncAnswer,
  syncClassic,
} from "../../src/groups/classic-calls.js";
import {
  type ClassicGroup,
  type ClassicJoinInput,
  expireClassic,
  joinClassic,
  leaveClassic,
  newClassicGroup,
  nextClassicDeadline,
} from "../../src/groups/classic-group.js";
import { selectProtocol } from "../../src/groups/classic-protocols.js";
import { EdgelogError } from "../../src/protocol/errors.js";

let ids = 0;
const newId = () => `m${++ids}`;

function input(fields: Partial<ClassicJoinInput> = {}): ClassicJoinInput {
  return {
    memberId: null,
    instanceId: null,
    clientId: "client",
    host: null,
    protocolType: "consumer",
    protocols: [{ name: "range", metadataBase64: "AAE=" }],
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    ...fields,
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdgelogError) return err.code;
    throw err;
  }
  return "none";
}

/** One member joined and synced alone: Stable in generation 1. */
function stableWithOne(now = 0): { group: ClassicGroup; a: string } {
  const group = newClassicGroup("consumer");
  const a = joinClassic(group, input(), now, newId);
  syncClassic(group, caller(group, a), none, [{ memberId: a, assignmentBase64: "QQ==" }], now);
  return { group, a };
}

const none = { protocolType: null, protocolName: null };
function caller(group: ClassicGroup, memberId: string) {
  return { memberId, generationId: group.generationId, instanceId: null };
}

describe("classic group state machine", () => {
  it("a first member's join ends the join phase at once: generation 1, it leads", () => {
    const group = newClassicGroup("consumer");
    const a = joinClassic(group, input(), 0, newId);
    expect(group.state).toBe("CompletingRebalance");
    expect(joinAnswer(group, a)).toEqual({
      memberId: a,
      generationId: 1,
      protocolType: "consumer",
      protocolName: "range",
      leaderId: a,
      members: [{ memberId: a, instanceId: null, metadataBase64: "AAE=" }],
    });
    expect(syncAnswer(group, caller(group, a))).toBeNull();
    syncClassic(group, caller(group, a), none, [{ memberId: a, assignmentBase64: "QQ==" }], 0);
    expect(group.state).toBe("Stable");
    expect(syncAnswer(group, caller(group, a))?.assignmentBase64).toBe("QQ==");
  });

  it("a second member starts a rebalance; the first learns it by heartbeat and rejoins", () => {
    const { group, a } = stableWithOne();
    const b = joinClassic(
      group,
      input({ protocols: [{ name: "range", metadataBase64: "Qg==" }] }),
      1,
      newId,
    );
    expect(group.state).toBe("PreparingRebalance");
    expect(joinAnswer(group, b)).toBeNull(); // b waits for a
    expect(heartbeatClassic(group, caller(group, a), 2)).toBe(true); // a must rejoin
    joinClassic(group, input({ memberId: a }), 3, newId);
    expect(group.state).toBe("CompletingRebalance");
    expect(group.generationId).toBe(2);
    // The leader gets every member's metadata; the follower none.
    expect(joinAnswer(group, a)?.members.map((m) => m.metadataBase64)).toEqual(["AAE=", "Qg=="]);
    expect(joinAnswer(group, b)).toMatchObject({ leaderId: a, generationId: 2, members: [] });
    // The follower's sync waits for the leader's, which hands out both assignments.
    expect(syncAnswer(group, caller(group, b))).toBeNull();
    const assignments = [
      { memberId: a, assignmentBase64: "YQ==" },
      { memberId: b, assignmentBase64: "Yg==" },
    ];
    syncClassic(group, caller(group, a), none, assignments, 4);
    expect(syncAnswer(group, caller(group, b))?.assignmentBase64).toBe("Yg==");
    // The old generation is refused everywhere.
    const stale = { memberId: b, generationId: 1, instanceId: null };
    expect(codeOf(() => heartbeatClassic(group, stale, 5))).toBe("ILLEGAL_GENERATION");
    expect(codeOf(() => checkClassicCommit(group, stale, 5))).toBe("ILLEGAL_GENERATION");
    const stranger = { memberId: "nobody", generationId: 2, instanceId: null };
    expect(codeOf(() => checkClassicCommit(group, stranger, 5))).toBe("UNKNOWN_MEMBER");
  });

  it("commits between join and sync are refused; while preparing a rebalance they are not", () => {
    const { group, a } = stableWithOne();
    joinClassic(group, input(), 1, newId);
    expect(group.state).toBe("PreparingRebalance");
    expect(codeOf(() => checkClassicCommit(group, caller(group, a), 2))).toBe("none");
    joinClassic(group, input({ memberId: a }), 3, newId);
    expect(codeOf(() => checkClassicCommit(group, caller(group, a), 4))).toBe(
      "REBALANCE_IN_PROGRESS",
    );
  });

  it("refuses a member whose protocol type or protocols the group does not share", () => {
    const { group } = stableWithOne();
    expect(codeOf(() => joinClassic(group, input({ protocolType: "connect" }), 1, newId))).toBe(
      "GROUP_PROTOCOL_MISMATCH",
    );
    const roundrobin = input({ protocols: [{ name: "roundrobin", metadataBase64: "" }] });
    expect(codeOf(() => joinClassic(group, roundrobin, 1, newId))).toBe("GROUP_PROTOCOL_MISMATCH");
    expect(group.members).toHaveLength(1);
    expect(group.state).toBe("Stable");
  });

  it("chooses the protocol all members support with the most first choices", () => {
    const offer = (...names: string[]) => names.map((name) => ({ name, metadataBase64: "" }));
    const member = (memberId: string, protocols: ReturnType<typeof offer>) => ({
      ...input(),
      memberId,
      protocols,
      assignmentBase64: "",
      awaitingJoin: true,
      expiresAt: 0,
      joinedAt: 0,
    });
    const members = [
      member("a", offer("sticky", "range", "roundrobin")),
      member("b", offer("roundrobin", "range")),
      member("c", offer("roundrobin", "sticky", "range")),
    ];
    expect(selectProtocol(members)).toBe("roundrobin");
    expect(selectProtocol(members.slice(0, 1))).toBe("sticky");
  });

  it("a rejoin that changes nothing gets the current generation back without a rebalance", () => {
    const { group } = stableWithOne();
    const b = joinClassic(group, input(), 1, newId);
    joinClassic(group, input({ memberId: group.leaderId }), 1, newId);
    syncClassic(group, caller(group, group.leaderId ?? ""), none, [], 2);
    expect(group.state).toBe("Stable");
    joinClassic(group, input({ memberId: b }), 3, newId);
    expect(group.state).toBe("Stable");
    expect(joinAnswer(group, b)?.generationId).toBe(2);
    // The leader rejoining does rebalance: it may have seen the topics change.
    joinClassic(group, input({ memberId: group.leaderId }), 4, newId);
    expect(group.state).toBe("PreparingRebalance");
  });

  it("expires a silent member on its session, and the rest rebalance", () => {
    const { group, a } = stableWithOne(0);
    const b = joinClassic(group, input(), 1_000, newId);
    joinClassic(group, input({ memberId: a }), 2_000, newId);
    syncClassic(group, caller(group, a), none, [], 2_000);
    // Both sessions started at the join phase's end (2 s) and run 10 s.
    expect(nextClassicDeadline(group)).toBe(12_000);
    expect(heartbeatClassic(group, caller(group, a), 9_000)).toBe(false);
    expect(expireClassic(group, 11_999)).toBe(false);
    expect(expireClassic(group, 12_000)).toBe(true);
    expect(group.members.map((m) => m.memberId)).toEqual([a]);
    expect(group.state).toBe("PreparingRebalance");
    expect(codeOf(() => heartbeatClassic(group, caller(group, b), 12_001))).toBe("UNKNOWN_MEMBER");
  });

  it("ends a join phase at its rebalance timeout without the members that did not rejoin", () => {
    const { group, a } = stableWithOne(0);
    const b = joinClassic(group, input({ rebalanceTimeoutMs: 5_000 }), 1_000, newId);
    // The slowest member's rebalance timeout (a's 30 s) bounds the phase.
    expect(group.rebalanceDeadline).toBe(31_000);
    // a keeps heartbeating (its session never runs out) but never rejoins.
    for (let t = 5_000; t < 31_000; t += 5_000) {
      expect(heartbeatClassic(group, caller(group, a), t)).toBe(true);
      expireClassic(group, t);
    }
    expect(nextClassicDeadline(group)).toBe(31_000); // b, awaiting the join, never expires alone
    expireClassic(group, 31_000);
    expect(group.members.map((m) => m.memberId)).toEqual([b]);
    expect(joinAnswer(group, b)).toMatchObject({ generationId: 2, leaderId: b });
  });

  it("an empty group needs no alarm; the last member leaving empties it", () => {
    const { group, a } = stableWithOne(0);
    expect(nextClassicDeadline(group)).toBe(10_000);
    leaveClassic(group, a, null, 1);
    expect(group.state).toBe("Empty");
    expect(group.generationId).toBe(2);
    expect(nextClassicDeadline(group)).toBeNull();
    expect(codeOf(() => heartbeatClassic(group, caller(group, a), 2))).toBe("UNKNOWN_MEMBER");
  });

  it("a leaving leader hands the lead to a remaining member", () => {
    const { group, a } = stableWithOne(0);
    const b = joinClassic(group, input(), 1, newId);
    joinClassic(group, input({ memberId: a }), 2, newId);
    leaveClassic(group, a, null, 3);
    expect(group.leaderId).toBe(b);
    expect(group.state).toBe("PreparingRebalance");
    joinClassic(group, input({ memberId: b }), 4, newId);
    expect(joinAnswer(group, b)).toMatchObject({ generationId: 3, leaderId: b });
  });

  it("a static member returns under a new id without a rebalance; its old id is fenced", () => {
    const group = newClassicGroup("consumer");
    const a = joinClassic(group, input(), 0, newId);
    const s = joinClassic(group, input({ instanceId: "pod-1" }), 1, newId);
    joinClassic(group, input({ memberId: a }), 2, newId);
    syncClassic(group, caller(group, a), none, [{ memberId: s, assignmentBase64: "cw==" }], 3);
    const again = joinClassic(group, input({ instanceId: "pod-1" }), 4, newId);
    expect(again).not.toBe(s);
    expect(group.state).toBe("Stable");
    const back = { memberId: again, generationId: 2, instanceId: "pod-1" };
    expect(syncAnswer(group, back)?.assignmentBase64).toBe("cw==");
    const old = { memberId: s, generationId: 2, instanceId: "pod-1" };
    expect(codeOf(() => heartbeatClassic(group, old, 5))).toBe("FENCED_INSTANCE_ID");
    leaveClassic(group, null, "pod-1", 6);
    expect(group.members.map((m) => m.memberId)).toEqual([a]);
  });
});
