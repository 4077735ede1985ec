// The partition replica Durable Object (`<topic>/<partition>/<replica>`): a thin shell over
// PartitionLog that adds what needs the platform: storage, and waking long-polls on append.
import { DurableObject } from "cloudflare:workers";
import { PartitionLog } from "../../src/log/partition-log.js";
import type {
  AppendInput,
  AppendOk,
  InitInput,
  OffsetsOk,
  PartitionReplicaRpc,
  ReadInput,
  ReadOk,
} from "../../src/log/partition-rpc.js";
import type { Failure } from "../../src/protocol/errors.js";
import { LONG_POLL_MS_MAX } from "../../src/protocol/limits.js";
import type { Env } from "../env.js";

export class PartitionReplica extends DurableObject<Env> implements PartitionReplicaRpc {
  private readonly log: PartitionLog;
  /** Long-polls waiting for the next append. */
  private readonly waiters = new Set<() => void>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new PartitionLog(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
  }

  async init(input: InitInput): Promise<{ ok: true }> {
    this.log.init(input);
    return { ok: true };
  }

  async drop(topicId: string): Promise<{ ok: true }> {
    this.log.drop(topicId);
    this.wakeWaiters();
    return { ok: true };
  }

  async append(input: AppendInput): Promise<AppendOk | Failure> {
    const result = this.log.append(input);
    if (result.ok) this.wakeWaiters();
    return result;
  }

  async read(input: ReadInput): Promise<ReadOk | Failure> {
    const waitMs = Math.min(Math.max(input.waitMs, 0), LONG_POLL_MS_MAX);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const result = this.log.read(input);
      const left = deadline - Date.now();
      if (!result.ok || result.count > 0 || left <= 0) return result;
      await this.nextAppend(left);
    }
  }

  async offsets(topicId: string, timestamp: number | null): Promise<OffsetsOk | Failure> {
    return this.log.offsets(topicId, timestamp);
  }

  /** Resolves on the next append (or drop), or after `ms`, whichever comes first. */
  private nextAppend(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiters.add(wake);
    });
  }

  private wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
