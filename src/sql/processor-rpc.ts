// What a query processor object answers over RPC (workers/objects/query-processor.ts), and the
// configuration it is created with. Plain data: RPC keeps no classes.
import type { Failure } from "../protocol/errors.js";
import type { ProduceRecord } from "../protocol/types.js";
import type { Json, QueryPlan } from "./plan.js";
import type { RunOutcome } from "./processor-runner.js";
import type { RowState } from "./table-step.js";

/**
 * What one processor does with its input partition: `stream` runs a stream query, `rekey`
 * writes a table query's records to its repartition topic keyed by group, `table` aggregates.
 */
export type ProcessorRole = "stream" | "rekey" | "table";

export interface ProcessorConfig {
  readonly queryId: string;
  /** The processor object's own name (`query/<id>/<stage>/<partition>`), for its watches. */
  readonly name: string;
  readonly role: ProcessorRole;
  readonly plan: QueryPlan;
  readonly inputTopic: string;
  readonly partition: number;
  /** The input is a repartition topic: each value wraps the original record. */
  readonly wrappedInput: boolean;
  readonly startOffset: number;
  readonly outputTopic: string;
  readonly outputPartitions: number;
  /** The joined table's topic (read at this same partition), or null. */
  readonly joinTopic: string | null;
  /** The idempotent producer this processor alone writes with (its epoch never changes). */
  readonly producer: { readonly id: string; readonly epoch: number };
}

/** A record as fetch returns it. */
export interface WireRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key?: string | null;
  readonly value?: Json;
  readonly headers?: Record<string, string>;
}

/** A batch written to one output partition under one producer sequence, until acknowledged. */
export interface OutboxBatch {
  readonly id: number;
  readonly partition: number;
  readonly sequence: number;
  readonly records: ProduceRecord[];
}

export interface ProcessorCounters {
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly lateRecordsDropped: number;
  readonly errors: number;
  /** Input records retention removed before they were read: the processor skipped past them. */
  readonly recordsSkipped: number;
}

export interface ProcessorStatus extends ProcessorCounters {
  readonly ok: true;
  readonly config: ProcessorConfig;
  /** The next input offset to read. */
  readonly offset: number;
  readonly tableOffset: number;
  /** The input's high watermark as last read. */
  readonly highWatermark: number;
  readonly stopped: boolean;
  /** Why the processor failed for good; null while it runs. */
  readonly failure: string | null;
  readonly outbox: OutboxBatch[];
}

export interface ProcessOk {
  readonly ok: true;
  /** Every batch not yet acknowledged, oldest first (this call's and older ones). */
  readonly outbox: OutboxBatch[];
  /** `fromOffset` was not the processor's offset (another run got there first): nothing done. */
  readonly stale: boolean;
}

export interface TableRow {
  readonly rowKey: string;
  readonly row: RowState;
}

export interface QueryProcessorRpc {
  configure(config: ProcessorConfig): Promise<{ ok: true } | Failure>;
  /**
   * Catches up with the input (bounded), then arms an append watch and sleeps. A failure ends
   * the run; the next run resumes from the stored offset.
   */
  run(): Promise<{ ok: true; outcome: RunOutcome } | Failure>;
  /** The query was dropped: runs and wakes do nothing from now on. */
  stop(): Promise<{ ok: true }>;
  status(): Promise<ProcessorStatus | Failure>;
  /** A table's rows, of one group key or all (at most `limit`). */
  rows(groupKey: string | null, limit: number): Promise<{ ok: true; rows: TableRow[] } | Failure>;
}
