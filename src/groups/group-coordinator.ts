// A consumer group's coordinator: membership (member-protocol.ts, KIP-848), committed offsets,
// describe and delete, and the one alarm that enforces every deadline of the group.
import { EdgelogError } from "../protocol/errors.js";
import type { HeartbeatInput } from "../protocol/group-request.js";
import { partitionKey } from "./assignors.js";
import { fenced, type GroupDeps, registerOnce, requireMember, requireMeta } from "./group-deps.js";
import type { CommitInput, GroupDescription, JoinInput, MemberAnswer } from "./group-rpc.js";
import { type CommittedOffset, GroupStore, type IncarnationOffset } from "./group-store.js";
import { MemberProtocol } from "./member-protocol.js";
import { byTopic, newMeta, stateOf } from "./member-state.js";

export type { GroupDeps };

export class GroupCoordinator {
  private readonly store: GroupStore;
  private readonly members: MemberProtocol;

  constructor(private readonly deps: GroupDeps) {
    this.store = new GroupStore(deps.sql, deps.transaction);
    this.members = new MemberProtocol(deps, this.store, () => this.scheduleAlarm());
  }

  join(input: JoinInput): Promise<MemberAnswer> {
    return this.members.join(input);
  }

  heartbeat(memberId: string, input: HeartbeatInput): Promise<MemberAnswer> {
    return this.members.heartbeat(memberId, input);
  }

  leave(memberId: string): Promise<void> {
    return this.members.leave(memberId);
  }

  /** The alarm: members whose session ran out leave, and their partitions move. */
  async expire(): Promise<void> {
    this.members.expire();
    await this.scheduleAlarm();
  }

  async commit(input: CommitInput): Promise<void> {
    if (input.memberId === undefined) await registerOnce(this.deps, this.store, input.groupId);
    // From here on synchronous: the checks hold when the offsets are written.
    const members = this.store.members();
    if (input.memberId === undefined) {
      // Manual assignment: only while no member could own these partitions.
      if (members.length > 0) {
        throw new EdgelogError("GROUP_NOT_EMPTY", "commits without memberId need an empty group");
      }
    } else {
      const member = requireMember(members, input.memberId);
      if (input.memberEpoch !== member.memberEpoch) {
        throw fenced(`member epoch ${input.memberEpoch} is not ${member.memberEpoch}`);
      }
      const held = new Set([...member.granted, ...member.owned]);
      const foreign = input.offsets.find((o) => !held.has(partitionKey(o.topic, o.partition)));
      if (foreign !== undefined) {
        throw fenced(`partition ${foreign.topic}/${foreign.partition} is not owned by this member`);
      }
    }
    this.writeOffsets(input.groupId, input.offsets);
  }

  resetOffsets(groupId: string, offsets: IncarnationOffset[]): void {
    if (this.store.members().length > 0) {
      throw new EdgelogError(
        "GROUP_NOT_EMPTY",
        "offsets can only be reset while the group is empty",
      );
    }
    this.writeOffsets(groupId, offsets);
  }

  describe(): GroupDescription {
    const meta = requireMeta(this.store);
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
    const meta = requireMeta(this.store);
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

  /** One alarm for the group: its earliest deadline, or none (an idle group sleeps). */
  private async scheduleAlarm(): Promise<void> {
    await this.deps.setAlarm(this.members.nextDeadline());
  }
}
