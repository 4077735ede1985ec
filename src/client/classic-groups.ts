// The classic group protocol over HTTP (README "group protocol over HTTP"), one method per
// route: what the Kafka gateway calls for JoinGroup, SyncGroup, Heartbeat, LeaveGroup and
// OffsetCommit. Nothing is retried here: each answer (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION,
// UNKNOWN_MEMBER, …) is the caller's to act on, as a Kafka client acts on Kafka's errors.
import type {
  ClassicJoinAnswer,
  ClassicProtocolOffer,
  ClassicSyncAnswer,
} from "../protocol/classic-group-request.js";
import type { OffsetCommit } from "../protocol/types.js";
import { apiPath, type Transport } from "./transport.js";

export type { ClassicJoinAnswer, ClassicProtocolOffer, ClassicSyncAnswer };

export interface ClassicJoinOptions {
  /** Omit (or "") on the first join; the answer carries the member id to rejoin with. */
  memberId?: string;
  instanceId?: string;
  clientId?: string;
  /** "consumer" for Kafka consumers. */
  protocolType: string;
  /** In order of preference, each with its metadata as base64. */
  protocols: ClassicProtocolOffer[];
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
}

/** Who calls, in which generation (sync, heartbeat, commit). */
export interface ClassicCaller {
  memberId: string;
  generationId: number;
  instanceId?: string;
}

export interface ClassicSyncOptions extends ClassicCaller {
  protocolType?: string;
  protocolName?: string;
  /** The leader's: every member's assignment as base64; other members send none. */
  assignments?: Array<{ memberId: string; assignmentBase64: string }>;
}

/** Per-call options: an abort signal for the long-polls (join, sync). */
export interface ClassicCallOptions {
  signal?: AbortSignal;
}

export class ClassicGroups {
  constructor(private readonly transport: Transport) {}

  /** Waits until the join phase ends (at most the rebalance timeout, and 5 minutes). */
  join(
    groupId: string,
    options: ClassicJoinOptions,
    call: ClassicCallOptions = {},
  ): Promise<ClassicJoinAnswer> {
    return this.post(groupId, "join", options, call);
  }

  /** The leader's sync hands out assignments; a follower's waits until the leader's came. */
  sync(
    groupId: string,
    options: ClassicSyncOptions,
    call: ClassicCallOptions = {},
  ): Promise<ClassicSyncAnswer> {
    return this.post(groupId, "sync", options, call);
  }

  /** Resolves while the generation holds; REBALANCE_IN_PROGRESS means: join again. */
  async heartbeat(groupId: string, caller: ClassicCaller): Promise<void> {
    await this.post(groupId, "heartbeat", caller);
  }

  /** By member id, or a static member by its instance id alone. */
  async leave(groupId: string, member: { memberId?: string; instanceId?: string }): Promise<void> {
    await this.post(groupId, "leave", member);
  }

  /** Commits in the caller's generation (ILLEGAL_GENERATION once it is stale). */
  commit(
    groupId: string,
    caller: ClassicCaller,
    offsets: Array<Omit<OffsetCommit, "metadata"> & { metadata?: string }>,
  ): Promise<{ committed: number }> {
    return this.post(groupId, "offsets", { ...caller, offsets });
  }

  private post<T>(
    groupId: string,
    route: string,
    body: object,
    call: ClassicCallOptions = {},
  ): Promise<T> {
    const options = call.signal === undefined ? { body } : { body, signal: call.signal };
    return this.transport.request<T>("POST", apiPath("groups", groupId, "classic", route), options);
  }
}
