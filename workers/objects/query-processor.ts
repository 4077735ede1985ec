// The query processor Durable Object (`query/<id>/<stage>/<partition>`): a thin shell over
// src/sql/processor.ts and processor-runner.ts; its SQLite holds the processor's offset, state
// and outbox. Appends wake it (AppendWatcherRpc); it sleeps otherwise.
import { DurableObject } from "cloudflare:workers";
import { PartitionClient } from "../../src/delivery/partition-client.js";
import { EdgelogError, type Failure, fail } from "../../src/protocol/errors.js";
import type { AppendWatcherRpc } from "../../src/replication/append-watcher-rpc.js";
import { QueryProcessor as Processor } from "../../src/sql/processor.js";
import type {
  ProcessorConfig,
  ProcessorStatus,
  QueryProcessorRpc,
  TableRow,
} from "../../src/sql/processor-rpc.js";
import { processorWatcher, type RunOutcome, runProcessor } from "../../src/sql/processor-runner.js";
import type { QueryRegistryRpc } from "../../src/sql/query-registry.js";
import type { Env } from "../env.js";
import { answer } from "./answer.js";
import { CATALOG_NAME } from "./catalog-name.js";
import { replicaStub } from "./replica-stub.js";

export class QueryProcessor
  extends DurableObject<Env>
  implements QueryProcessorRpc, AppendWatcherRpc
{
  private readonly processor: Processor;
  private readonly partitions: PartitionClient;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.processor = new Processor(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
    this.partitions = new PartitionClient({
      catalog: () => env.CATALOG.getByName(CATALOG_NAME),
      replica: (topic, partition, replica) => replicaStub(env, topic, partition, replica),
      now: Date.now,
    });
  }

  configure(config: ProcessorConfig): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      this.processor.configure(config);
      return { ok: true } as const;
    });
  }

  run(): Promise<{ ok: true; outcome: RunOutcome } | Failure> {
    return answer(async () => ({ ok: true, outcome: await this.runOnce() }) as const);
  }

  /** An append (or a leader change) on the input or joined table: catch up in the background. */
  async wake(_topic: string, _partition: number): Promise<void> {
    this.ctx.waitUntil(
      this.runOnce().catch((err: unknown) => {
        // The run resumes on the next wake or request; a bug is still worth a log line.
        if (!(err instanceof EdgelogError)) console.error("edgelog: query processor run", err);
      }),
    );
  }

  async stop(): Promise<{ ok: true }> {
    this.processor.stop();
    return { ok: true };
  }

  status(): Promise<ProcessorStatus | Failure> {
    return answer(async () => {
      const meta = this.processor.meta();
      if (meta === null) throw new Error("the processor is not configured");
      const { nextOffset, streamTimeMs: _, ...rest } = meta;
      return { ok: true, ...rest, offset: nextOffset, outbox: this.processor.outbox() } as const;
    });
  }

  rows(groupKey: string | null, limit: number): Promise<{ ok: true; rows: TableRow[] } | Failure> {
    return answer(async () => ({ ok: true, rows: this.processor.rows(groupKey, limit) }) as const);
  }

  /** A run that stopped with input left (its batch bound, a record readable on arming) goes on. */
  override async alarm(): Promise<void> {
    await this.runOnce();
  }

  private async runOnce(): Promise<RunOutcome> {
    const outcome = await this.runBatches();
    // No watch is armed while input is left: without this alarm the processor would sleep on
    // unread records until the next append. It is set only when there is more to do.
    if (outcome === "more") await this.ctx.storage.setAlarm(Date.now());
    const meta = this.processor.meta();
    if (outcome === "stopped" && meta !== null && meta.failure !== null && !meta.stopped) {
      // Every run of a failed processor tells the registry again (it keeps the first reason):
      // a report lost on the way is made good by the next wake, describe or pull.
      const registry = this.env.QUERIES.getByName("queries") as unknown as QueryRegistryRpc;
      await registry.markFailed(meta.config.queryId, meta.failure);
    }
    return outcome;
  }

  private runBatches(): Promise<RunOutcome> {
    return runProcessor({
      processor: this.processor,
      partitions: this.partitions,
      watch: async (topic, partition, offset) => {
        const meta = this.processor.meta();
        const metadata = await this.partitions.topic(topic);
        const assignment = metadata.partitions[partition];
        if (meta === null || assignment === undefined) {
          return fail("PARTITION_NOT_FOUND", `no partition ${topic}/${partition}`);
        }
        return replicaStub(this.env, topic, partition, assignment.leader).watch({
          topicId: metadata.topicId,
          leaderEpoch: assignment.leaderEpoch,
          watcher: processorWatcher(meta.config.name),
          offset,
        });
      },
    });
  }
}
