// What a group coordinator object answers over Workers RPC; failures are values (errors.ts).

import type { LagSample } from "../metrics/lag-store.js";
import type { Failure } from "../protocol/errors.js";
import type { HeartbeatInput } from "../protocol/group-request.js";
import type {
  AssignorName,
  GroupMemberDescription,
  GroupState,
  TopicPartitions,
} from "../protocol/types.js";
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

export interface GroupDescription {
  ok: true;
  groupId: string;
  state: GroupState;
  groupEpoch: number;
  assignor: string;
  members: GroupMemberDescription[];
  offsets: CommittedOffset[];
}

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
  /** Lag samples taken since `since` (ms since the epoch), of `topic` or of every topic. */
  lagHistory(
    groupId: string,
    since: number,
    topic: string | null,
  ): Promise<{ ok: true; samples: LagSample[] } | Failure>;
}
