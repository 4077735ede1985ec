// What a classic member's calls other than join and leave do to the group, and the answers a
// waiting join or sync gets: Kafka's checks in Kafka's order (member, instance, generation,
// state), each failure an edgelog code the Kafka gateway maps back (UNKNOWN_MEMBER_ID,
// FENCED_INSTANCE_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, INCONSISTENT_GROUP_PROTOCOL).
import type { ClassicJoinAnswer, ClassicSyncAnswer } from "../protocol/classic-group-request.js";
import { EdgelogError } from "../protocol/errors.js";
import { type ClassicGroup, type ClassicMember, requireClassicMember } from "./classic-group.js";

export type { ClassicJoinAnswer, ClassicSyncAnswer };

/** Who calls, and for which generation. */
export interface ClassicCaller {
  memberId: string;
  generationId: number;
  instanceId: string | null;
}

export interface ClassicAssignment {
  memberId: string;
  assignmentBase64: string;
}

function rebalancing(): EdgelogError {
  return new EdgelogError("REBALANCE_IN_PROGRESS", "the group is rebalancing: rejoin");
}

/** A member of this generation: UNKNOWN_MEMBER, FENCED_INSTANCE_ID or ILLEGAL_GENERATION. */
function requireCurrent(group: ClassicGroup | null, caller: ClassicCaller): ClassicMember {
  if (group === null || group.state === "Empty") {
    throw new EdgelogError("UNKNOWN_MEMBER", `no member ${caller.memberId} in this group`);
  }
  const member = requireClassicMember(group, caller.memberId, caller.instanceId);
  if (caller.generationId !== group.generationId) {
    throw new EdgelogError(
      "ILLEGAL_GENERATION",
      `generation ${caller.generationId} is not ${group.generationId}: rejoin`,
    );
  }
  return member;
}

/**
 * A heartbeat keeps the session; answers true during a join phase: the member must rejoin
 * (REBALANCE_IN_PROGRESS, answered after its session is kept).
 */
export function heartbeatClassic(
  group: ClassicGroup | null,
  caller: ClassicCaller,
  now: number,
): boolean {
  const member = requireCurrent(group, caller);
  member.expiresAt = now + member.sessionTimeoutMs;
  return group?.state === "PreparingRebalance";
}

/**
 * SyncGroup: the leader's call hands out the generation's assignments (members it leaves out
 * get an empty one) and makes the group Stable; the answer comes from syncAnswer.
 */
export function syncClassic(
  group: ClassicGroup | null,
  caller: ClassicCaller,
  protocol: { protocolType: string | null; protocolName: string | null },
  assignments: ClassicAssignment[],
  now: number,
): void {
  const member = requireCurrent(group, caller);
  if (group === null) return; // requireCurrent has thrown: narrows the type
  if (
    (protocol.protocolType !== null && protocol.protocolType !== group.protocolType) ||
    (protocol.protocolName !== null && protocol.protocolName !== group.protocolName)
  ) {
    throw new EdgelogError(
      "GROUP_PROTOCOL_MISMATCH",
      `the group's protocol is ${group.protocolType}/${group.protocolName}`,
    );
  }
  if (group.state === "PreparingRebalance") throw rebalancing();
  member.expiresAt = now + member.sessionTimeoutMs;
  if (group.state !== "CompletingRebalance" || member.memberId !== group.leaderId) return;
  const given = new Map(assignments.map((a) => [a.memberId, a.assignmentBase64]));
  for (const m of group.members) m.assignmentBase64 = given.get(m.memberId) ?? "";
  group.state = "Stable";
}

/** A sync's answer once the group is Stable; null while the leader has not synced yet. */
export function syncAnswer(
  group: ClassicGroup | null,
  caller: ClassicCaller,
): ClassicSyncAnswer | null {
  if (group !== null && group.state === "PreparingRebalance") {
    requireClassicMember(group, caller.memberId, caller.instanceId);
    throw rebalancing();
  }
  const member = requireCurrent(group, caller);
  if (group?.state !== "Stable") return null;
  return {
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    assignmentBase64: member.assignmentBase64,
  };
}

/** A join's answer once the member no longer awaits the join phase; null while it does. */
export function joinAnswer(group: ClassicGroup, memberId: string): ClassicJoinAnswer | null {
  const member = requireClassicMember(group, memberId, null);
  if (member.awaitingJoin) return null;
  const leader = memberId === group.leaderId;
  return {
    memberId,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leaderId: group.leaderId,
    members: leader
      ? group.members.map((m) => ({
          memberId: m.memberId,
          instanceId: m.instanceId,
          metadataBase64:
            m.protocols.find((p) => p.name === group.protocolName)?.metadataBase64 ?? "",
        }))
      : [],
  };
}

/**
 * An offset commit by a member (generation ≥ 0): allowed in its generation, also while the group
 * prepares a rebalance (members commit before they rejoin), not between join and sync. It keeps
 * the member's session, as a heartbeat does.
 */
export function checkClassicCommit(
  group: ClassicGroup | null,
  caller: ClassicCaller,
  now: number,
): void {
  const member = requireCurrent(group, caller);
  if (group?.state === "CompletingRebalance") throw rebalancing();
  member.expiresAt = now + member.sessionTimeoutMs;
}
