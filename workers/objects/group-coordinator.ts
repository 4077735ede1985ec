// The group coordinator Durable Object (`group/<groupId>`): a thin shell over GroupCoordinator;
// session and rebalance timeouts run on the object's alarm, and so do lag samples of an empty,
// lagging group (a group with members is sampled after its heartbeats and commits:
// service/lag-sampler.ts). Classic joins and syncs are long-polls: the call stays open until the
// group's phase ends (bounded).
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
import { LagSampler } from "../../src/metrics/lag-sampler.js";
import type { LagSample } from "../../src/metrics/lag-store.js";
import type {
  ClassicCallerRequest,
  ClassicLeaveRequest,
  ClassicSyncRequest,
} from "../../src/protocol/classic-group-request.js";
import { EdgelogError, type Failure, unwrap } from "../../src/protocol/errors.js";
import type { HeartbeatInput } from "../../src/protocol/group-request.js";
import { configOf, type Env } from "../env.js";
import { answer } from "./answer.js";
import { CATALOG_NAME } from "./catalog-name.js";
import { replicaStub } from "./replica-stub.js";

export class GroupCoordinator extends DurableObject<Env> implements GroupCoordinatorRpc {
  private readonly group: Coordinator;
  private readonly sampler: LagSampler;
  /**
   * The session alarm the coordinator asked for (null: none; undefined: not asked since this
   * object started, so the stored alarm stands); a sample may want one sooner.
   */
  private expiryAt: number | null | undefined = undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const catalog = () => env.CATALOG.getByName(CATALOG_NAME);
    this.group = new Coordinator({
      sql: ctx.storage.sql,
      transaction: (fn) => ctx.storage.transactionSync(fn),
      now: Date.now,
      partitionCounts: (topics) => catalog().partitionCounts(topics),
      // A share group's name is refused here: GROUP_PROTOCOL_MISMATCH (design/delivery.md).
      register: async (groupId, exists) => {
        unwrap(await catalog().registerGroup(groupId, exists));
      },
      setAlarm: async (at) => {
        this.expiryAt = at;
        await this.setAlarm();
      },
    });
    this.sampler = new LagSampler({
      sql: ctx.storage.sql,
      probe: {
        topic: async (name) => {
          const result = await catalog().getTopic(name);
          return result.ok ? result.topic : null;
        },
        replica: (topic, partition, replica) => replicaStub(env, topic, partition, replica),
      },
      sampleMs: configOf(env).metricsSampleMs,
      describe: () => this.describeOrNull(),
      now: Date.now,
    });
  }

  private async setAlarm(): Promise<void> {
    const sampleAt = this.sampler.nextAlarmAt();
    if (this.expiryAt === undefined && sampleAt === null) return;
    // An alarm set before this object started may be a session's: keep it if it comes sooner.
    const expiryAt =
      this.expiryAt === undefined ? await this.ctx.storage.getAlarm() : this.expiryAt;
    const at =
      expiryAt === null || sampleAt === null
        ? (expiryAt ?? sampleAt)
        : Math.min(expiryAt, sampleAt);
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
  }

  private describeOrNull(): GroupDescription | null {
    try {
      return this.group.describe();
    } catch (err) {
      if (err instanceof EdgelogError && err.code === "GROUP_NOT_FOUND") return null;
      throw err;
    }
  }

  /**
   * A lag sample when one is due, after the answer: it must never slow a heartbeat, and a call
   * when none is due costs a comparison, no storage.
   */
  private sampleLater<T>(result: T): T {
    if (this.sampler.due()) this.ctx.waitUntil(this.sample());
    return result;
  }

  private async sample(): Promise<void> {
    try {
      await this.sampler.sampleIfDue();
    } catch (err) {
      // A missed sample leaves a gap in the history; the next one is taken as usual.
      console.warn("lag sample failed", err);
    }
    await this.setAlarm();
  }

  join(input: JoinInput): Promise<MemberAnswer | Failure> {
    return answer(() => this.group.join(input)).then((r) => this.sampleLater(r));
  }

  heartbeat(
    _groupId: string,
    memberId: string,
    input: HeartbeatInput,
  ): Promise<MemberAnswer | Failure> {
    return answer(() => this.group.heartbeat(memberId, input)).then((r) => this.sampleLater(r));
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
    }).then((r) => this.sampleLater(r));
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
      this.sampler.clear();
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
    }).then((r) => this.sampleLater(r));
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
    }).then((r) => this.sampleLater(r));
  }

  lagHistory(
    _groupId: string,
    since: number,
    topic: string | null,
  ): Promise<{ ok: true; samples: LagSample[] } | Failure> {
    return answer(async () => {
      this.group.describe(); // GROUP_NOT_FOUND for a group that does not exist
      return { ok: true, samples: this.sampler.history(since, topic) } as const;
    });
  }

  override async alarm(): Promise<void> {
    await this.group.expire();
    await this.sample();
  }
}
