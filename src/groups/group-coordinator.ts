// A consumer group's coordinator (KIP-848, broker side): members heartbeat, the coordinator owns
// the target assignment, and a partition reaches its new owner only once its old owner stopped
// listing it or expired, so no partition ever has two owners. Member epochs fence stale calls.
import type { Sql, Transaction } from "../log/sql.js";
import { EdgelogError } from "../protocol/errors.js";
import type { HeartbeatInput } from "../protocol/group-request.js";
import { GROUP_MEMBERS_MAX, METADATA_CACHE_MS } from "../protocol/limits.js";
import { partitionKey } from "./assignors.js";
import type { CommitInput, GroupDescription, JoinInput, MemberAnswer } from "./group-rpc.js";
import {
  type CommittedOffset,
  type GroupMeta,
  GroupStore,
  type IncarnationOffset,
  type Member,
} from "./group-store.js";
import {
  byTopic,
  deadlineOf,
  heartbeatInterval,
  keysOf,
  newMeta,
  sameTopics,
  stateOf,
  whoIs,
} from "./member-state.js";
import { rebalance, reconcile } from "./reconciliation.js";

export interface GroupDeps {
  sql: Sql;
  transaction: Transaction;
  now(): number;
  /** Partition counts of topics; null for a topic that does not exist. */
  partitionCounts(topics: string[]): Promise<Record<string, number | null>>;
  /**
   * Records the group in the catalog's list, once, when it is created or deleted; throws
   * GROUP_PROTOCOL_MISMATCH when a share group holds the name.
   */
  register(groupId: string, exists: boolean): Promise<void>;
  /** Asks for an alarm at `at` (the earliest session expiry), or none. */
  setAlarm(at: number | null): Promise<void>;
}

export class GroupCoordinator {
  private readonly store: GroupStore;

  constructor(private readonly deps: GroupDeps) {
    this.store = new GroupStore(deps.sql, deps.transaction);
  }

  async join(input: JoinInput): Promise<MemberAnswer> {
    const counts = await this.requireTopics(input.topics);
    await this.registerOnce(input.groupId);
    // Everything below is synchronous: no other call interleaves between read and write.
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
      member = {
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
    await this.scheduleExpiry(members);
    return this.answer(member);
  }

  async heartbeat(memberId: string, input: HeartbeatInput): Promise<MemberAnswer> {
    // Checked before anything else, so a rejected heartbeat changes nothing.
    this.checkEpoch(this.requireMember(this.store.members(), memberId), input.memberEpoch);
    const subscription = input.topics === undefined ? null : await this.requireTopics(input.topics);
    await this.refreshCounts();
    // Read again: other calls may have run during the awaits.
    const now = this.deps.now();
    const meta = this.requireMeta();
    const members = this.store.members();
    const member = this.requireMember(members, memberId);
    this.checkEpoch(member, input.memberEpoch);
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
    await this.scheduleExpiry(members);
    return this.answer(member);
  }

  private checkEpoch(member: Member, memberEpoch: number): void {
    if (memberEpoch !== member.memberEpoch) {
      throw fenced(`member epoch ${memberEpoch} is not ${member.memberEpoch}: rejoin`);
    }
  }

  /** A dynamic member leaves at once; a static one keeps its partitions until it returns. */
  async leave(memberId: string): Promise<void> {
    const meta = this.requireMeta();
    const members = this.store.members();
    const member = this.requireMember(members, memberId);
    if (member.instanceId !== null) {
      member.departed = true;
      member.granted = [];
    } else {
      members.splice(members.indexOf(member), 1);
      rebalance(meta, members);
    }
    this.save(meta, members);
    await this.scheduleExpiry(members);
  }

  /** The alarm: members whose session ran out leave, and their partitions move. */
  async expire(): Promise<void> {
    const meta = this.store.loadMeta();
    if (meta === null) return;
    const now = this.deps.now();
    const members = this.store.members();
    const alive = members.filter((m) => deadlineOf(m) > now);
    if (alive.length !== members.length) {
      rebalance(meta, alive);
      this.save(meta, alive);
    }
    await this.scheduleExpiry(alive);
  }

  async commit(input: CommitInput): Promise<void> {
    if (input.memberId === undefined) await this.registerOnce(input.groupId);
    // From here on synchronous: the checks hold when the offsets are written.
    const members = this.store.members();
    if (input.memberId === undefined) {
      // Manual assignment: only while no member could own these partitions.
      if (members.length > 0) {
        throw new EdgelogError("GROUP_NOT_EMPTY", "commits without memberId need an empty group");
      }
    } else {
      const member = this.requireMember(members, input.memberId);
      if (input.memberEpoch !== member.memberEpoch) {
        throw fenced(`member epoch ${input.memberEpoch} is not ${member.memberEpoch}`);
      }
      const held = new Set([...member.granted, ...member.owned]);
      const foreign = input.offsets.find((o) => !held.has(partitionKey(o.topic, o.partition)));
      if (foreign !== undefined) {
        throw fenced(`partition ${foreign.topic}/${foreign.partition} is not owned by this member`);
      }
    }
    await this.writeOffsets(input.groupId, input.offsets);
  }

  async resetOffsets(groupId: string, offsets: IncarnationOffset[]): Promise<void> {
    if (this.store.members().length > 0) {
      throw new EdgelogError(
        "GROUP_NOT_EMPTY",
        "offsets can only be reset while the group is empty",
      );
    }
    await this.writeOffsets(groupId, offsets);
  }

  describe(): GroupDescription {
    const meta = this.requireMeta();
    const members = this.store.members();
    return {
      ok: true,
      groupId: meta.groupId,
      state: stateOf(members),
      groupEpoch: meta.groupEpoch,
      assignor: meta.assignor,
      members: members.map((m) => ({
        memberId: m.memberId,
        instanceId: m.instanceId,
        memberEpoch: m.memberEpoch,
        topics: m.topics,
        assignment: byTopic(m.granted),
        targetAssignment: byTopic(m.target),
        departed: m.departed,
        sessionTimeoutMs: m.sessionTimeoutMs,
        clientId: m.clientId,
        host: m.host,
      })),
      offsets: this.store.offsets(),
    };
  }

  async deleteGroup(): Promise<void> {
    const meta = this.requireMeta();
    if (this.store.members().length > 0) {
      throw new EdgelogError("GROUP_NOT_EMPTY", `group ${meta.groupId} has members`);
    }
    this.store.clear();
    await this.deps.setAlarm(null);
    await this.deps.register(meta.groupId, false);
  }

  /** Offsets of a topic incarnation that no longer exists go; nothing else does. */
  forgetOffsets(offsets: CommittedOffset[]): void {
    if (this.store.loadMeta() !== null) this.store.forget(offsets);
  }

  private writeOffsets(groupId: string, offsets: IncarnationOffset[]): void {
    const now = this.deps.now();
    const meta = this.store.loadMeta() ?? newMeta(groupId, "cooperative-sticky", now);
    this.store.transaction(() => {
      this.store.saveMeta(meta);
      this.store.commit(offsets, now);
    });
  }

  /** A new group is listed by the catalog before it holds anything (idempotent). */
  private async registerOnce(groupId: string): Promise<void> {
    if (this.store.loadMeta() === null) await this.deps.register(groupId, true);
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

  private async requireTopics(topics: string[]): Promise<Record<string, number>> {
    const counts = await this.deps.partitionCounts(topics);
    const result: Record<string, number> = {};
    for (const topic of topics) {
      const count = counts[topic];
      if (count === null || count === undefined) {
        throw new EdgelogError("TOPIC_NOT_FOUND", `topic ${topic} does not exist`, { topic });
      }
      result[topic] = count;
    }
    return result;
  }

  private requireMeta(): GroupMeta {
    const meta = this.store.loadMeta();
    if (meta === null) throw new EdgelogError("GROUP_NOT_FOUND", "no such consumer group");
    return meta;
  }

  private requireMember(members: Member[], memberId: string): Member {
    const member = members.find((m) => m.memberId === memberId && !m.departed);
    if (member === undefined) {
      throw new EdgelogError("UNKNOWN_MEMBER", `no member ${memberId} in this group`);
    }
    return member;
  }

  private save(meta: GroupMeta, members: Member[]): void {
    this.store.transaction(() => {
      this.store.saveMeta(meta);
      this.store.saveMembers(members);
    });
  }

  private async scheduleExpiry(members: Member[]): Promise<void> {
    const next = members.reduce<number | null>(
      (soonest, m) => (soonest === null || deadlineOf(m) < soonest ? deadlineOf(m) : soonest),
      null,
    );
    await this.deps.setAlarm(next);
  }

  private answer(member: Member): MemberAnswer {
    return {
      ok: true,
      memberId: member.memberId,
      memberEpoch: member.memberEpoch,
      assignment: byTopic(member.granted),
      heartbeatIntervalMs: heartbeatInterval(member.sessionTimeoutMs),
    };
  }
}

function fenced(message: string): EdgelogError {
  return new EdgelogError("FENCED_MEMBER_EPOCH", message);
}
