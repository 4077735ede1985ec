// A consumer group's coordinator: membership by either protocol (member-protocol.ts, KIP-848;
// classic-coordinator.ts, Kafka's JoinGroup/SyncGroup; never both at once), committed offsets,
// describe and delete, and the one alarm that enforces every deadline of the group.
import type {
  ClassicCallerRequest,
  ClassicLeaveRequest,
  ClassicSyncRequest,
} from "../protocol/classic-group-request.js";
import { EdgelogError } from "../protocol/errors.js";
import type { HeartbeatInput } from "../protocol/group-request.js";
import { partitionKey } from "./assignors.js";
import type { ClassicJoinAnswer, ClassicSyncAnswer } from "./classic-calls.js";
import { ClassicCoordinator } from "./classic-coordinator.js";
import { describeClassic } from "./classic-describe.js";
import type { ClassicJoinInput } from "./classic-group.js";
import { fenced, type GroupDeps, registerOnce, requireMember, requireMeta } from "./group-deps.js";
import type { CommitInput, GroupDescription, JoinInput, MemberAnswer } from "./group-rpc.js";
import { type CommittedOffset, GroupStore, type IncarnationOffset } from "./group-store.js";
import { MemberProtocol } from "./member-protocol.js";
import { byTopic, newMeta, stateOf } from "./member-state.js";

export type { GroupDeps };

export class GroupCoordinator {
  private readonly store: GroupStore;
  private readonly members: MemberProtocol;
  private readonly classic: ClassicCoordinator;

  constructor(private readonly deps: GroupDeps) {
    this.store = new GroupStore(deps.sql, deps.transaction);
    const schedule = () => this.scheduleAlarm();
    this.members = new MemberProtocol(deps, this.store, schedule, () => this.admitMember());
    const ensureMeta = (groupId: string) => this.ensureMeta(groupId);
    this.classic = new ClassicCoordinator(deps, this.store, ensureMeta, schedule);
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

  classicJoin(groupId: string, input: ClassicJoinInput): Promise<ClassicJoinAnswer> {
    return this.classic.join(groupId, input);
  }

  classicSync(request: ClassicSyncRequest): Promise<ClassicSyncAnswer> {
    return this.classic.sync(request);
  }

  classicHeartbeat(caller: ClassicCallerRequest): Promise<void> {
    return this.classic.heartbeat(caller);
  }

  classicLeave(request: ClassicLeaveRequest): Promise<void> {
    return this.classic.leave(request);
  }

  /**
   * A member's commit with its generation (Kafka's OffsetCommit): a classic member's is checked
   * against its generation; a KIP-848 member's (its member epoch in the generation field, as
   * Kafka's consumers send it) against its epoch and partitions.
   */
  classicCommit(caller: ClassicCallerRequest, offsets: IncarnationOffset[]): Promise<void> {
    if (this.store.members().some((m) => m.memberId === caller.memberId)) {
      const { memberId, generationId: memberEpoch } = caller;
      return this.commit({
        groupId: requireMeta(this.store).groupId,
        memberId,
        memberEpoch,
        offsets,
      });
    }
    return this.classic.commit(caller, () => this.store.commit(offsets, this.deps.now()));
  }

  /** The alarm: members whose session ran out leave, a join phase past its deadline ends. */
  async expire(): Promise<void> {
    this.members.expire();
    this.classic.expire();
    await this.scheduleAlarm();
  }

  async commit(input: CommitInput): Promise<void> {
    if (input.memberId === undefined) await registerOnce(this.deps, this.store, input.groupId);
    // From here on synchronous: the checks hold when the offsets are written.
    const members = this.store.members();
    if (input.memberId === undefined) {
      // Manual assignment: only while no member could own these partitions.
      if (this.hasMembers()) {
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
    if (this.hasMembers()) {
      throw new EdgelogError(
        "GROUP_NOT_EMPTY",
        "offsets can only be reset while the group is empty",
      );
    }
    this.writeOffsets(groupId, offsets);
  }

  describe(): GroupDescription {
    const meta = requireMeta(this.store);
    const classic = this.classic.store.load();
    if (classic !== null) return describeClassic(meta.groupId, classic.group, this.store.offsets());
    const members = this.store.members();
    return {
      ok: true,
      groupId: meta.groupId,
      groupType: "consumer",
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
    if (this.hasMembers()) {
      throw new EdgelogError("GROUP_NOT_EMPTY", `group ${meta.groupId} has members`);
    }
    this.store.transaction(() => {
      this.store.clear();
      this.classic.store.clear();
    });
    await this.deps.setAlarm(null);
    await this.deps.register(meta.groupId, false);
  }

  /** Offsets of a topic incarnation that no longer exists go; nothing else does. */
  forgetOffsets(offsets: CommittedOffset[]): void {
    if (this.store.loadMeta() !== null) this.store.forget(offsets);
  }

  private writeOffsets(groupId: string, offsets: IncarnationOffset[]): void {
    this.store.transaction(() => {
      this.ensureMeta(groupId);
      this.store.commit(offsets, this.deps.now());
    });
  }

  /** The group's row, written by its first join or commit. */
  private ensureMeta(groupId: string): void {
    if (this.store.loadMeta() !== null) return;
    this.store.saveMeta(newMeta(groupId, "cooperative-sticky", this.deps.now()));
  }

  /** Members of either protocol: offsets are theirs to commit, the group not to delete. */
  private hasMembers(): boolean {
    return this.store.members().length > 0 || this.classic.store.memberCount() > 0;
  }

  /**
   * A KIP-848 member may join only a group without classic members (Kafka refuses mixing too);
   * an empty classic group becomes a KIP-848 one, as Kafka converts empty groups.
   */
  private admitMember(): void {
    if (this.classic.store.memberCount() > 0) {
      throw new EdgelogError(
        "GROUP_PROTOCOL_MISMATCH",
        "the group has members of the classic protocol (Kafka's JoinGroup)",
      );
    }
    this.store.transaction(() => this.classic.store.clear());
  }

  /** One alarm for the group: its earliest deadline, or none (an idle group sleeps). */
  private async scheduleAlarm(): Promise<void> {
    const deadlines = [this.members.nextDeadline(), this.classic.nextDeadline()];
    const set = deadlines.filter((d) => d !== null);
    await this.deps.setAlarm(set.length === 0 ? null : Math.min(...set));
  }
}
