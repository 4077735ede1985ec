// The query registry Durable Object (`queries`): a thin shell over src/sql/query-registry.ts.
import { DurableObject } from "cloudflare:workers";
import type { Failure } from "../../src/protocol/errors.js";
import {
  type QueryRecord,
  type QueryRegistryRpc,
  type RegisteredQuery,
  QueryRegistry as Registry,
} from "../../src/sql/query-registry.js";
import type { Env } from "../env.js";
import { answer } from "./answer.js";

export class QueryRegistry extends DurableObject<Env> implements QueryRegistryRpc {
  private readonly registry: Registry;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.registry = new Registry(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
  }

  add(query: QueryRecord): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      this.registry.add(query);
      return { ok: true } as const;
    });
  }

  async list(): Promise<RegisteredQuery[]> {
    return this.registry.list();
  }

  async get(id: string): Promise<{ ok: true; query: RegisteredQuery } | Failure> {
    return this.registry.get(id);
  }

  async tableNamed(name: string): Promise<QueryRecord | null> {
    return this.registry.tableNamed(name);
  }

  async remove(id: string): Promise<{ ok: true } | Failure> {
    return this.registry.remove(id);
  }

  async markFailed(id: string, reason: string): Promise<void> {
    this.registry.markFailed(id, reason);
  }
}
