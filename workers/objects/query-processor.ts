// The query processor Durable Object (`query/<id>/<stage>/<partition>`): a thin shell over
// src/sql/processor.ts; its SQLite holds the processor's offset, state and outbox.
import { DurableObject } from "cloudflare:workers";
import type { Failure } from "../../src/protocol/errors.js";
import { QueryProcessor as Processor } from "../../src/sql/processor.js";
import type {
  ProcessOk,
  ProcessorConfig,
  ProcessorStatus,
  QueryProcessorRpc,
  TableRow,
  WireRecord,
} from "../../src/sql/processor-rpc.js";
import type { Env } from "../env.js";
import { answer } from "./answer.js";

export class QueryProcessor extends DurableObject<Env> implements QueryProcessorRpc {
  private readonly processor: Processor;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.processor = new Processor(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
  }

  configure(config: ProcessorConfig): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      this.processor.configure(config);
      return { ok: true } as const;
    });
  }

  status(): Promise<ProcessorStatus | Failure> {
    return answer(async () => {
      const meta = this.processor.meta();
      if (meta === null) throw new Error("the processor is not configured");
      const { nextOffset, streamTimeMs: _, ...rest } = meta;
      return { ok: true, ...rest, offset: nextOffset, outbox: this.processor.outbox() } as const;
    });
  }

  process(
    fromOffset: number,
    records: WireRecord[],
    nextOffset: number,
    highWatermark: number,
  ): Promise<ProcessOk | Failure> {
    return answer(async () =>
      this.processor.process(fromOffset, records, nextOffset, highWatermark),
    );
  }

  applyTable(
    fromOffset: number,
    records: WireRecord[],
    nextOffset: number,
  ): Promise<{ ok: true; stale: boolean } | Failure> {
    return answer(async () => {
      const applied = this.processor.applyTable(fromOffset, records, nextOffset);
      return { ok: true, stale: !applied } as const;
    });
  }

  async acknowledge(ids: number[]): Promise<{ ok: true }> {
    this.processor.acknowledge(ids);
    return { ok: true };
  }

  rows(groupKey: string | null, limit: number): Promise<{ ok: true; rows: TableRow[] } | Failure> {
    return answer(async () => ({ ok: true, rows: this.processor.rows(groupKey, limit) }) as const);
  }
}
