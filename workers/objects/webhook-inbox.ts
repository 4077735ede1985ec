// The delivery inbox Durable Object (`webhook/<topic>`): ids of webhook deliveries and beacon
// events seen recently, for dedupe.
import { DurableObject } from "cloudflare:workers";
import {
  type Claim,
  DeliveryInbox,
  type DeliveryInboxRpc,
} from "../../src/webhooks/delivery-inbox.js";
import type { Env } from "../env.js";

export class WebhookInbox extends DurableObject<Env> implements DeliveryInboxRpc {
  private readonly inbox: DeliveryInbox;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.inbox = new DeliveryInbox(
      ctx.storage.sql,
      (fn) => ctx.storage.transactionSync(fn),
      Date.now,
    );
  }

  async claim(id: string, windowSec: number): Promise<Claim> {
    return this.inbox.claim(id, windowSec);
  }

  async complete(id: string, partition: number, offset: number): Promise<{ ok: true }> {
    this.inbox.complete(id, partition, offset);
    return { ok: true };
  }

  async release(id: string): Promise<{ ok: true }> {
    this.inbox.release(id);
    return { ok: true };
  }

  async claimAll(ids: string[], windowSec: number): Promise<Claim[]> {
    return ids.map((id) => this.inbox.claim(id, windowSec));
  }

  async completeAll(
    done: Array<{ id: string; partition: number; offset: number }>,
  ): Promise<{ ok: true }> {
    for (const d of done) this.inbox.complete(d.id, d.partition, d.offset);
    return { ok: true };
  }

  async releaseAll(ids: string[]): Promise<{ ok: true }> {
    for (const id of ids) this.inbox.release(id);
    return { ok: true };
  }
}
