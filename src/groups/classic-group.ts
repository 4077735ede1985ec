// The classic group protocol's state machine (Kafka's JoinGroup/SyncGroup, client-side
// assignment): Empty → PreparingRebalance → CompletingRebalance → Stable, generations, the
// leader, and the join phase that ends when every member has rejoined or the rebalance timeout
// passed. Pure: every function takes the group and `now`, and changes the group in place.
import { EdgelogError } from "../protocol/errors.js";
import { GROUP_MEMBERS_MAX } from "../protocol/limits.js";
import type { ClassicGroupState } from "../protocol/types.js";
import { checkProtocols, sameProtocols, selectProtocol } from "./classic-protocols.js";

/** Kafka's names; Dead is a deleted group, which is never stored (GROUP_NOT_FOUND over HTTP). */
export type ClassicState = ClassicGroupState;

/** One protocol a member offers (for consumers: an assignor), with its opaque metadata. */
export interface ClassicProtocol {
  name: string;
  metadataBase64: string;
}

export interface ClassicMember {
  memberId: string;
  /** Static membership (group.instance.id), or null. */
  instanceId: string | null;
  clientId: string | null;
  host: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** In the member's order of preference. */
  protocols: ClassicProtocol[];
  /** What the leader assigned it in this generation ("" until then). */
  assignmentBase64: string;
  /** It joined the current rebalance and waits for the join phase to end. */
  awaitingJoin: boolean;
  /** When its session runs out unless it heartbeats. */
  expiresAt: number;
  joinedAt: number;
}

export interface ClassicGroup {
  state: ClassicState;
  generationId: number;
  protocolType: string;
  /** The protocol every member supports, chosen when the join phase ended; null when Empty. */
  protocolName: string | null;
  leaderId: string | null;
  /** When the join phase ends whoever has not rejoined (PreparingRebalance), else 0. */
  rebalanceDeadline: number;
  members: ClassicMember[];
}

export interface ClassicJoinInput {
  /** Null for a member joining for the first time. */
  memberId: string | null;
  instanceId: string | null;
  clientId: string | null;
  host: string | null;
  protocolType: string;
  protocols: ClassicProtocol[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
}

export function newClassicGroup(protocolType: string): ClassicGroup {
  return {
    state: "Empty",
    generationId: 0,
    protocolType,
    protocolName: null,
    leaderId: null,
    rebalanceDeadline: 0,
    members: [],
  };
}

/**
 * A member joins or rejoins; answers its member id. The join is answered (joinAnswer) once the
 * member no longer awaits the join phase: at once when nothing changed, else when it ends.
 */
export function joinClassic(
  group: ClassicGroup,
  input: ClassicJoinInput,
  now: number,
  newMemberId: () => string,
): string {
  checkProtocols(group, input);
  if (group.members.length === 0) group.protocolType = input.protocolType;
  const { member, fresh } =
    input.memberId === null
      ? arrive(group, input, now, newMemberId)
      : { member: requireClassicMember(group, input.memberId, input.instanceId), fresh: false };
  const changed = !sameProtocols(member.protocols, input.protocols);
  Object.assign(member, {
    clientId: input.clientId,
    host: input.host,
    sessionTimeoutMs: input.sessionTimeoutMs,
    rebalanceTimeoutMs: input.rebalanceTimeoutMs,
    protocols: input.protocols,
    expiresAt: now + input.sessionTimeoutMs,
  });
  // Kafka's rules: a rejoin that changes nothing, outside a rebalance, gets the current
  // generation back (its answer was lost); the leader rejoining, a new member or new protocols
  // start a rebalance (the leader may have seen the topics change).
  const quiet =
    !fresh &&
    !changed &&
    member.memberId !== group.leaderId &&
    (group.state === "Stable" || group.state === "CompletingRebalance");
  if (!quiet) {
    member.awaitingJoin = true;
    if (group.state !== "PreparingRebalance") prepareRebalance(group, now);
  }
  completeJoinIfDone(group, now);
  return member.memberId;
}

/** A new member, or a static member returning under a new member id (the old one is fenced). */
function arrive(
  group: ClassicGroup,
  input: ClassicJoinInput,
  now: number,
  newMemberId: () => string,
): { member: ClassicMember; fresh: boolean } {
  const memberId = newMemberId();
  const returning =
    input.instanceId === null
      ? undefined
      : group.members.find((m) => m.instanceId === input.instanceId);
  if (returning !== undefined) {
    if (group.leaderId === returning.memberId) group.leaderId = memberId;
    returning.memberId = memberId;
    return { member: returning, fresh: false };
  }
  if (group.members.length >= GROUP_MEMBERS_MAX) {
    throw new EdgelogError("INVALID_REQUEST", `a group holds at most ${GROUP_MEMBERS_MAX} members`);
  }
  const member: ClassicMember = {
    memberId,
    instanceId: input.instanceId,
    clientId: input.clientId,
    host: input.host,
    sessionTimeoutMs: input.sessionTimeoutMs,
    rebalanceTimeoutMs: input.rebalanceTimeoutMs,
    protocols: [],
    assignmentBase64: "",
    awaitingJoin: false,
    expiresAt: now + input.sessionTimeoutMs,
    joinedAt: now,
  };
  group.members.push(member);
  group.leaderId ??= memberId;
  return { member, fresh: true };
}

/** A member leaves (LeaveGroup): the others rebalance without it. */
export function leaveClassic(
  group: ClassicGroup,
  memberId: string | null,
  instanceId: string | null,
  now: number,
): void {
  const member =
    memberId === null
      ? group.members.find((m) => m.instanceId !== null && m.instanceId === instanceId)
      : requireClassicMember(group, memberId, instanceId);
  if (member === undefined) {
    throw new EdgelogError("UNKNOWN_MEMBER", `no member with instance id ${instanceId}`);
  }
  removeMembers(group, [member], now);
}

/** On the alarm: silent members go, and a join phase past its deadline ends. */
export function expireClassic(group: ClassicGroup, now: number): boolean {
  const generation = group.generationId;
  const before = group.members.length;
  const expired = group.members.filter((m) => !keptAlive(group, m) && m.expiresAt <= now);
  if (expired.length > 0) removeMembers(group, expired, now);
  completeJoinIfDone(group, now);
  return group.members.length !== before || group.generationId !== generation;
}

/** The group's next deadline (a session or the join phase's end), or null: no alarm needed. */
export function nextClassicDeadline(group: ClassicGroup): number | null {
  const deadlines = group.members.filter((m) => !keptAlive(group, m)).map((m) => m.expiresAt);
  if (group.state === "PreparingRebalance") deadlines.push(group.rebalanceDeadline);
  return deadlines.length === 0 ? null : Math.min(...deadlines);
}

/** A member waiting for the join phase is not expired by its session: the phase's end decides. */
function keptAlive(group: ClassicGroup, member: ClassicMember): boolean {
  return group.state === "PreparingRebalance" && member.awaitingJoin;
}

function removeMembers(group: ClassicGroup, gone: ClassicMember[], now: number): void {
  group.members = group.members.filter((m) => !gone.includes(m));
  if (gone.some((m) => m.memberId === group.leaderId)) {
    group.leaderId = group.members[0]?.memberId ?? null;
  }
  if (group.state !== "PreparingRebalance" && group.state !== "Empty") {
    prepareRebalance(group, now);
  }
  completeJoinIfDone(group, now);
}

/** Every member must rejoin; assignments of the generation are void. */
export function prepareRebalance(group: ClassicGroup, now: number): void {
  for (const m of group.members) m.assignmentBase64 = "";
  group.state = "PreparingRebalance";
  // Kafka waits for the slowest member's rebalance timeout.
  const timeoutMs = Math.max(0, ...group.members.map((m) => m.rebalanceTimeoutMs));
  group.rebalanceDeadline = now + timeoutMs;
}

/**
 * The join phase ends when every member has rejoined, or at its deadline without those that did
 * not: a new generation, its protocol and leader; every member's session starts afresh.
 */
export function completeJoinIfDone(group: ClassicGroup, now: number): void {
  if (group.state !== "PreparingRebalance") return;
  const joined = group.members.filter((m) => m.awaitingJoin);
  if (joined.length !== group.members.length && now < group.rebalanceDeadline) return;
  group.members = joined;
  if (!joined.some((m) => m.memberId === group.leaderId)) {
    group.leaderId = joined[0]?.memberId ?? null;
  }
  group.generationId += 1;
  group.rebalanceDeadline = 0;
  for (const m of joined) {
    m.awaitingJoin = false;
    m.expiresAt = now + m.sessionTimeoutMs;
  }
  if (joined.length === 0) {
    group.state = "Empty";
    group.protocolName = null;
    return;
  }
  group.state = "CompletingRebalance";
  group.protocolName = selectProtocol(joined);
}

/** The member with this id; a static member must also name its own instance id. */
export function requireClassicMember(
  group: ClassicGroup,
  memberId: string,
  instanceId: string | null,
): ClassicMember {
  if (instanceId !== null) {
    const holder = group.members.find((m) => m.instanceId === instanceId);
    if (holder !== undefined && holder.memberId !== memberId) {
      throw new EdgelogError(
        "FENCED_INSTANCE_ID",
        `instance ${instanceId} has rejoined as another member`,
      );
    }
  }
  const member = group.members.find((m) => m.memberId === memberId);
  if (member === undefined) {
    throw new EdgelogError("UNKNOWN_MEMBER", `no member ${memberId} in this group`);
  }
  return member;
}
