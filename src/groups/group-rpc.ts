// What a group coordinator object answers over Workers RPC; failures are values (errors.ts).

import type { LagSample } from "../metrics/lag-store.js";
import type {
  ClassicCallerRequest,
  ClassicLeaveRequest,
  ClassicSyncRequest,
} from "../protocol/classic-group-request.js";
import type { Failure } from "../protocol/errors.js";
import type { HeartbeatInput } from "../protocol/group-request.js";
import type {
  AssignorName,
  ClassicGroupDescription,
  ConsumerGroupDescription,
  GroupState,
  TopicPartitions,
} from "../protocol/types.js";
import type { ClassicJoinAnswer, ClassicSyncAnswer } from "./classic-calls.js";
import type { ClassicJoinInput } from "./classic-group.js";
import type { CommittedOffset, IncarnationOffset } from "./group-store.js";

export interface JoinInput {
  groupId: string;
  topics: string[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  assignor: AssignorName;
  instanceId: string | null;
  clientId: string | null;
  /** The caller's address as the gateway saw it, or null. */
  host: string | null;
}

export interface MemberAnswer {
  ok: true;
  memberId: string;
  memberEpoch: number;
  assignment: TopicPartitions[];
  heartbeatIntervalMs: number;
}

export interface CommitInput {
  groupId: string;
  memberId?: string;
  memberEpoch?: number;
  offsets: IncarnationOffset[];
}

export type { GroupState };

/** A description as the object has it: committed offsets, without the partitions' bounds. */
type WithCommits<T> = Omit<T, "offsets"> & { ok: true; offsets: CommittedOffset[] };
export type ConsumerDescription = WithCommits<ConsumerGroupDescription>;
export type ClassicDescription = WithCommits<ClassicGroupDescription>;
export type GroupDescription = ConsumerDescription | ClassicDescription;

export interface GroupCoordinatorRpc {
  join(input: JoinInput): Promise<MemberAnswer | Failure>;
  heartbeat(
    groupId: string,
    memberId: string,
    input: HeartbeatInput,
  ): Promise<MemberAnswer | Failure>;
  leave(groupId: string, memberId: string): Promise<{ ok: true } | Failure>;
  commit(input: CommitInput): Promise<{ ok: true } | Failure>;
  describe(groupId: string): Promise<GroupDescription | Failure>;
  /** Writes offsets only while no member is in the group (reset). */
  resetOffsets(groupId: string, offsets: IncarnationOffset[]): Promise<{ ok: true } | Failure>;
  /** Deletes these offsets (of a deleted topic incarnation) unless a commit replaced them. */
  forgetOffsets(groupId: string, offsets: CommittedOffset[]): Promise<{ ok: true } | Failure>;
  deleteGroup(groupId: string): Promise<{ ok: true } | Failure>;
  /** The classic protocol's calls; join and sync wait for their phase to end (long-poll). */
  classicJoin(
    groupId: string,
    input: ClassicJoinInput,
  ): Promise<({ ok: true } & ClassicJoinAnswer) | Failure>;
  classicSync(
    groupId: string,
    request: ClassicSyncRequest,
  ): Promise<({ ok: true } & ClassicSyncAnswer) | Failure>;
  classicHeartbeat(groupId: string, caller: ClassicCallerRequest): Promise<{ ok: true } | Failure>;
  classicLeave(groupId: string, request: ClassicLeaveRequest): Promise<{ ok: true } | Failure>;
  classicCommit(
    groupId: string,
    caller: ClassicCallerRequest,
    offsets: IncarnationOffset[],
  ): Promise<{ ok: true } | Failure>;
  /** Lag samples taken since `since` (ms since the epoch), of `topic` or of every topic. */
  lagHistory(
    groupId: string,
    since: number,
    topic: string | null,
  ): Promise<{ ok: true; samples: LagSample[] } | Failure>;
}
