// The push subscription Durable Object (`<topic>/<name>`): a thin shell over SubscriptionNode.
import { DurableObject } from "cloudflare:workers";
import { SubscriptionNode } from "../../src/delivery/subscription-node.js";
import type {
  DescriptionResult,
  SubscriptionDescription,
  SubscriptionRpc,
} from "../../src/delivery/subscription-rpc.js";
import type { Failure } from "../../src/protocol/errors.js";
import type { SubscriptionConfig } from "../../src/protocol/subscription-config.js";
import type { Env } from "../env.js";
import { CATALOG_NAME } from "./catalog-name.js";
import { replicaStub } from "./replica-stub.js";

export class PushSubscription extends DurableObject<Env> implements SubscriptionRpc {
  private readonly node: SubscriptionNode;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.node = new SubscriptionNode({
      sql: ctx.storage.sql,
      transaction: (fn) => ctx.storage.transactionSync(fn),
      cluster: {
        catalog: env.CATALOG.getByName(CATALOG_NAME),
        replica: (topic, partition, replica) => replicaStub(env, topic, partition, replica),
      },
      setAlarm: (at) => void (at === null ? ctx.storage.deleteAlarm() : ctx.storage.setAlarm(at)),
      background: (work) => ctx.waitUntil(work),
    });
  }

  override async alarm(): Promise<void> {
    this.node.alarm();
  }

  put(
    topic: string,
    name: string,
    config: SubscriptionConfig,
  ): Promise<{ ok: true; created: boolean; description: SubscriptionDescription } | Failure> {
    return this.node.put(topic, name, config);
  }

  describe(): Promise<DescriptionResult> {
    return this.node.describe();
  }

  remove(): Promise<{ ok: true } | Failure> {
    return this.node.remove();
  }

  pause(): Promise<DescriptionResult> {
    return this.node.pause();
  }

  resume(): Promise<DescriptionResult> {
    return this.node.resume();
  }

  wake(topic: string, partition: number): Promise<void> {
    return this.node.wake(topic, partition);
  }
}
