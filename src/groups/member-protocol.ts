// KIP-848 membership (broker side): members heartbeat, the coordinator owns the target
// assignment, and a partition reaches its new owner only once its old owner stopped listing it
// or expired, so no partition ever has two owners. Member epochs fence stale calls.
import { EdgelogError } from "../protocol/errors.js";
import type { HeartbeatInput } from "../protocol/group-request.js";
import { GROUP_MEMBERS_MAX, METADATA_CACHE_MS } from "../protocol/limits.js";
import {
  fenced,
  type GroupDeps,
  registerOnce,
  requireMember,
  requireMeta,
  requireTopics,
} from "./group-deps.js";
import type { JoinInput, MemberAnswer } from "./group-rpc.js";
import type { GroupMeta, GroupStore, Member } from "./group-store.js";
import {
  byTopic,
  deadlineOf,
  heartbeatInterval,
  keysOf,
  newMeta,
  sameTopics,
  whoIs,
} from "./member-state.js";
import { rebalance, reconcile } from "./reconciliation.js";

export class MemberProtocol {
  constructor(
    private readonly deps: GroupDeps,
    private readonly store: GroupStore,
    /** Sets the object's alarm to the group's next deadline, after every change. */
    private readonly scheduleAlarm: () => Promise<void>,
    /** Throws when the group may not take a KIP-848 member (it has classic members). */
    private readonly admitMember: () => void,
  ) {}

  async join(input: JoinInput): Promise<MemberAnswer> {
    const counts = await requireTopics(this.deps, input.topics);
    await registerOnce(this.deps, this.store, input.groupId);
    // Everything below is synchronous: no other call interleaves between read and write.
    this.admitMember();
    const now = this.deps.now();
    const meta = this.store.loadMeta() ?? newMeta(input.groupId, input.assignor, now);
    if (meta.assignor !== input.assignor && this.store.members().length > 0) {
      throw new EdgelogError(
        "INVALID_REQUEST",
        `group ${meta.groupId} uses the ${meta.assignor} assignor`,
      );
    }
    if (this.store.members().length === 0) meta.assignor = input.assignor;
    const members = this.store.members();
    const returning =
      input.instanceId === null
        ? undefined
        : members.find((m) => m.instanceId === input.instanceId);
    let member: Member;
    let needsRebalance = true;
    if (returning !== undefined) {
      // Static membership: the same instance gets its partitions back, under a new member id.
      member = { ...returning, memberId: crypto.randomUUID(), departed: false, ...whoIs(input) };
      member.memberEpoch = returning.memberEpoch + 1;
      needsRebalance = !sameTopics(returning.topics, input.topics);
      members.splice(members.indexOf(returning), 1, member);
    } else {
      if (members.length >= GROUP_MEMBERS_MAX) {
        throw new EdgelogError(
          "INVALID_REQUEST",
          `a group holds at most ${GROUP_MEMBERS_MAX} members`,
        );
      }
      member = newMember(input, now);
      members.push(member);
    }
    member.topics = [...input.topics].sort();
    member.sessionTimeoutMs = input.sessionTimeoutMs;
    member.rebalanceTimeoutMs = input.rebalanceTimeoutMs;
    member.expiresAt = now + input.sessionTimeoutMs;
    meta.partitionCounts = { ...meta.partitionCounts, ...counts };
    meta.countsCheckedAt = now;
    if (needsRebalance) rebalance(meta, members);
    reconcile(member, members, now);
    this.save(meta, members);
    await this.scheduleAlarm();
    return answerOf(member);
  }

  async heartbeat(memberId: string, input: HeartbeatInput): Promise<MemberAnswer> {
    // Checked before anything else, so a rejected heartbeat changes nothing.
    checkEpoch(requireMember(this.store.members(), memberId), input.memberEpoch);
    const subscription =
      input.topics === undefined ? null : await requireTopics(this.deps, input.topics);
    await this.refreshCounts();
    // Read again: other calls may have run during the awaits.
    const now = this.deps.now();
    const meta = requireMeta(this.store);
    const members = this.store.members();
    const member = requireMember(members, memberId);
    checkEpoch(member, input.memberEpoch);
    member.expiresAt = now + member.sessionTimeoutMs;
    // A member can only confirm or give up what it holds, never claim something new.
    const held = new Set([...member.granted, ...member.owned]);
    member.owned = keysOf(input.owned).filter((key) => held.has(key));
    if (subscription !== null && !sameTopics(member.topics, input.topics ?? [])) {
      member.topics = [...(input.topics ?? [])].sort();
      meta.partitionCounts = { ...meta.partitionCounts, ...subscription };
      rebalance(meta, members);
    }
    reconcile(member, members, now);
    this.save(meta, members);
    await this.scheduleAlarm();
    return answerOf(member);
  }

  /** A dynamic member leaves at once; a static one keeps its partitions until it returns. */
  async leave(memberId: string): Promise<void> {
    const meta = requireMeta(this.store);
    const members = this.store.members();
    const member = requireMember(members, memberId);
    if (member.instanceId !== null) {
      member.departed = true;
      member.granted = [];
    } else {
      members.splice(members.indexOf(member), 1);
      rebalance(meta, members);
    }
    this.save(meta, members);
    await this.scheduleAlarm();
  }

  /** On the alarm: members whose session ran out leave, and their partitions move. */
  expire(): void {
    const meta = this.store.loadMeta();
    if (meta === null) return;
    const now = this.deps.now();
    const members = this.store.members();
    const alive = members.filter((m) => deadlineOf(m) > now);
    if (alive.length !== members.length) {
      rebalance(meta, alive);
      this.save(meta, alive);
    }
  }

  /** The earliest deadline of a member (session or revocation), or null without members. */
  nextDeadline(): number | null {
    return this.store
      .members()
      .reduce<number | null>(
        (soonest, m) => (soonest === null || deadlineOf(m) < soonest ? deadlineOf(m) : soonest),
        null,
      );
  }

  /** Partition counts of every subscribed topic, re-read from the catalog every few seconds. */
  private async refreshCounts(): Promise<void> {
    const meta = this.store.loadMeta();
    if (meta === null || this.deps.now() - meta.countsCheckedAt < METADATA_CACHE_MS) return;
    const members = this.store.members();
    const topics = [...new Set(members.flatMap((m) => m.topics))];
    const counts = await this.deps.partitionCounts(topics);
    const fresh = this.store.loadMeta() ?? meta;
    const changed = topics.some((t) => (counts[t] ?? 0) !== (fresh.partitionCounts[t] ?? 0));
    fresh.countsCheckedAt = this.deps.now();
    for (const t of topics) fresh.partitionCounts[t] = counts[t] ?? 0;
    const current = this.store.members();
    if (changed) rebalance(fresh, current);
    this.save(fresh, current);
  }

  private save(meta: GroupMeta, members: Member[]): void {
    this.store.transaction(() => {
      this.store.saveMeta(meta);
      this.store.saveMembers(members);
    });
  }
}

function newMember(input: JoinInput, now: number): Member {
  return {
    memberId: crypto.randomUUID(),
    instanceId: input.instanceId,
    memberEpoch: 1,
    topics: [],
    sessionTimeoutMs: input.sessionTimeoutMs,
    rebalanceTimeoutMs: input.rebalanceTimeoutMs,
    expiresAt: 0,
    target: [],
    granted: [],
    owned: [],
    departed: false,
    revokeDeadline: 0,
    joinedAt: now,
    ...whoIs(input),
  };
}

function checkEpoch(member: Member, memberEpoch: number): void {
  if (memberEpoch !== member.memberEpoch) {
    throw fenced(`member epoch ${memberEpoch} is not ${member.memberEpoch}: rejoin`);
  }
}

function answerOf(member: Member): MemberAnswer {
  return {
    ok: true,
    memberId: member.memberId,
    memberEpoch: member.memberEpoch,
    assignment: byTopic(member.granted),
    heartbeatIntervalMs: heartbeatInterval(member.sessionTimeoutMs),
  };
}
