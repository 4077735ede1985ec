// The group coordinator Durable Object (`group/<groupId>`): a thin shell over GroupCoordinator;
// session and rebalance timeouts run on the object's alarm. Classic joins and syncs are
// long-polls: the call stays open until the group's phase ends (bounded).
import { DurableObject } from "cloudflare:workers";
import type { ClassicJoinAnswer, ClassicSyncAnswer } from "../../src/groups/classic-calls.js";
import type { ClassicJoinInput } from "../../src/groups/classic-group.js";
import { GroupCoordinator as Coordinator } from "../../src/groups/group-coordinator.js";
import type {
  CommitInput,
  GroupCoordinatorRpc,
  GroupDescription,
  JoinInput,
  MemberAnswer,
} from "../../src/groups/group-rpc.js";
import type { CommittedOffset, IncarnationOffset } from "../../src/groups/group-store.js";
import type {
  ClassicCallerRequest,
  ClassicLeaveRequest,
  ClassicSyncRequest,
} from "../../src/protocol/classic-group-request.js";
import type { Failure } from "../../src/protocol/errors.js";
import type { HeartbeatInput } from "../../src/protocol/group-request.js";
import type { Env } from "../env.js";
import { answer } from "./answer.js";
import { CATALOG_NAME } from "./catalog-name.js";

export class GroupCoordinator extends DurableObject<Env> implements GroupCoordinatorRpc {
  private readonly group: Coordinator;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const catalog = () => env.CATALOG.getByName(CATALOG_NAME);
    this.group = new Coordinator({
      sql: ctx.storage.sql,
      transaction: (fn) => ctx.storage.transactionSync(fn),
      now: Date.now,
      partitionCounts: (topics) => catalog().partitionCounts(topics),
      register: async (groupId, exists) => {
        await catalog().registerGroup(groupId, exists);
      },
      setAlarm: async (at) => {
        if (at === null) await ctx.storage.deleteAlarm();
        else await ctx.storage.setAlarm(at);
      },
    });
  }

  join(input: JoinInput): Promise<MemberAnswer | Failure> {
    return answer(() => this.group.join(input));
  }

  heartbeat(
    _groupId: string,
    memberId: string,
    input: HeartbeatInput,
  ): Promise<MemberAnswer | Failure> {
    return answer(() => this.group.heartbeat(memberId, input));
  }

  leave(_groupId: string, memberId: string): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.leave(memberId);
      return { ok: true } as const;
    });
  }

  commit(input: CommitInput): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.commit(input);
      return { ok: true } as const;
    });
  }

  describe(_groupId: string): Promise<GroupDescription | Failure> {
    return answer(async () => this.group.describe());
  }

  resetOffsets(groupId: string, offsets: IncarnationOffset[]): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.resetOffsets(groupId, offsets);
      return { ok: true } as const;
    });
  }

  forgetOffsets(_groupId: string, offsets: CommittedOffset[]): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      this.group.forgetOffsets(offsets);
      return { ok: true } as const;
    });
  }

  deleteGroup(_groupId: string): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.deleteGroup();
      return { ok: true } as const;
    });
  }

  classicJoin(
    groupId: string,
    input: ClassicJoinInput,
  ): Promise<({ ok: true } & ClassicJoinAnswer) | Failure> {
    return answer(async () => ({
      ok: true as const,
      ...(await this.group.classicJoin(groupId, input)),
    }));
  }

  classicSync(
    _groupId: string,
    request: ClassicSyncRequest,
  ): Promise<({ ok: true } & ClassicSyncAnswer) | Failure> {
    return answer(async () => ({ ok: true as const, ...(await this.group.classicSync(request)) }));
  }

  classicHeartbeat(
    _groupId: string,
    caller: ClassicCallerRequest,
  ): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.classicHeartbeat(caller);
      return { ok: true } as const;
    });
  }

  classicLeave(_groupId: string, request: ClassicLeaveRequest): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.classicLeave(request);
      return { ok: true } as const;
    });
  }

  classicCommit(
    _groupId: string,
    caller: ClassicCallerRequest,
    offsets: IncarnationOffset[],
  ): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.classicCommit(caller, offsets);
      return { ok: true } as const;
    });
  }

  override async alarm(): Promise<void> {
    await this.group.expire();
  }
}
