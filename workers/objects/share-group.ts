// The share group Durable Object (`share/<groupId>`): a thin shell over ShareGroup. Lease
// expiry and dead-letter writes run on the object's alarm, set only while leases or dead
// letters are outstanding.
import { DurableObject } from "cloudflare:workers";
import { ShareGroup as Group } from "../../src/delivery/share-group.js";
import type { ConfigureOk, ShareGroupRpc } from "../../src/delivery/share-group-rpc.js";
import type { Failure } from "../../src/protocol/errors.js";
import type {
  AckResult,
  ShareAck,
  ShareGroupConfig,
  ShareGroupDescription,
  ShareRecordsAnswer,
  ShareRecordsRequest,
} from "../../src/protocol/share-group-request.js";
import type { Env } from "../env.js";
import { answer } from "./answer.js";
import { CATALOG_NAME } from "./catalog-name.js";
import { replicaStub } from "./replica-stub.js";

export class ShareGroup extends DurableObject<Env> implements ShareGroupRpc {
  private readonly group: Group;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.group = new Group({
      sql: ctx.storage.sql,
      transaction: (fn) => ctx.storage.transactionSync(fn),
      now: Date.now,
      catalog: () => env.CATALOG.getByName(CATALOG_NAME),
      replica: (topic, partition, replica) => replicaStub(env, topic, partition, replica),
      setAlarm: async (at) => {
        if (at === null) await ctx.storage.deleteAlarm();
        else await ctx.storage.setAlarm(at);
      },
    });
  }

  configure(groupId: string, config: ShareGroupConfig): Promise<ConfigureOk | Failure> {
    return answer(async () => {
      const { created } = await this.group.configure(groupId, config);
      return { ok: true, created, config } as const;
    });
  }

  config(_groupId: string): Promise<{ ok: true; config: ShareGroupConfig } | Failure> {
    return answer(async () => ({ ok: true, config: this.group.config() }) as const);
  }

  describe(_groupId: string): Promise<({ ok: true } & ShareGroupDescription) | Failure> {
    return answer(async () => ({ ok: true, ...(await this.group.describe()) }) as const);
  }

  records(
    _groupId: string,
    request: ShareRecordsRequest,
  ): Promise<({ ok: true } & ShareRecordsAnswer) | Failure> {
    return answer(async () => ({ ok: true, ...(await this.group.records(request)) }) as const);
  }

  acks(_groupId: string, acks: ShareAck[]): Promise<{ ok: true; results: AckResult[] } | Failure> {
    return answer(async () => ({ ok: true, results: await this.group.acks(acks) }) as const);
  }

  deleteGroup(_groupId: string): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.group.deleteGroup();
      return { ok: true } as const;
    });
  }

  override async alarm(): Promise<void> {
    await this.group.alarm();
  }
}
