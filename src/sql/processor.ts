// A query processor: one per input partition of a query. It runs a batch of input records
// through the query and, in ONE SQLite transaction, stores the new state rows, the next input
// offset and the output batches (each with its producer sequence): exactly once, because a
// batch is either wholly applied with its outputs queued or not at all, and a queued batch is
// resent under the same sequence until the idempotent log acknowledges it.

import { encodeRecord } from "../log/record-codec.js";
import type { Sql, Transaction } from "../log/sql.js";
import { partitionForKey } from "../protocol/partitioner.js";
import type { ProduceRecord } from "../protocol/types.js";
import type { RecordView } from "./evaluator.js";
import { evaluate, truth } from "./evaluator.js";
import type { Json } from "./plan.js";
import type { ProcessOk, ProcessorConfig, TableRow, WireRecord } from "./processor-rpc.js";
import { type ProcessorMeta, ProcessorStore } from "./processor-store.js";
import { guarded, joinKeyOf, type OutputRecord, streamStep } from "./stream-step.js";
import { emitRow, type RowState, tableStep } from "./table-step.js";
import { isObject } from "./values.js";
import { groupKeyOf } from "./windows.js";

const utf8 = new TextEncoder();

interface Tally {
  errors: number;
  late: number;
}

export class QueryProcessor {
  private readonly store: ProcessorStore;

  constructor(sql: Sql, transaction: Transaction) {
    this.store = new ProcessorStore(sql, transaction);
  }

  configure(config: ProcessorConfig): void {
    this.store.configure(config);
  }

  meta(): ProcessorMeta | null {
    return this.store.meta();
  }

  stop(): void {
    this.store.stop();
  }

  /** Marks the processor failed for good: runs do nothing from now on. */
  fail(message: string): void {
    this.store.fail(message);
  }

  outbox() {
    return this.store.outbox();
  }

  acknowledge(ids: number[]): void {
    this.store.transaction(() => {
      for (const id of ids) this.store.acknowledge(id);
    });
  }

  rows(groupKey: string | null, limit: number): TableRow[] {
    return this.store.rows(groupKey, limit);
  }

  /**
   * Retention removed input records before this processor read them (its offset is below the
   * log start): it goes on from the log start, as a Kafka consumer with auto.offset.reset =
   * earliest does, and counts the records it never saw. False when another run moved first.
   */
  skipTo(fromOffset: number, logStartOffset: number, highWatermark: number): boolean {
    return this.store.transaction(() => {
      const meta = this.requireMeta();
      if (meta.nextOffset !== fromOffset || logStartOffset <= fromOffset) return false;
      this.store.skip(logStartOffset, logStartOffset - fromOffset, highWatermark);
      return true;
    });
  }

  applyTable(fromOffset: number, records: WireRecord[], nextOffset: number): boolean {
    return this.store.transaction(() => {
      const meta = this.requireMeta();
      if (meta.tableOffset !== fromOffset) return false;
      for (const record of records) {
        if (typeof record.key !== "string") continue;
        this.store.putJoinRow(
          record.key,
          record.value === null || record.value === undefined ? null : record,
        );
      }
      this.store.setTableOffset(nextOffset);
      return true;
    });
  }

  process(
    fromOffset: number,
    records: WireRecord[],
    nextOffset: number,
    highWatermark: number,
  ): ProcessOk {
    return this.store.transaction(() => {
      const meta = this.requireMeta();
      if (meta.nextOffset !== fromOffset) {
        return { ok: true, outbox: this.store.outbox(), stale: true } as const;
      }
      const tally: Tally = { errors: 0, late: 0 };
      let streamTimeMs = meta.streamTimeMs;
      let outputs: OutputRecord[];
      const views = records.map((record) =>
        viewOf(record, meta.config.partition, meta.config.wrappedInput),
      );
      if (meta.config.role === "table") {
        const result = this.aggregate(meta.config, views, streamTimeMs, tally);
        outputs = result.outputs;
        streamTimeMs = result.streamTimeMs;
      } else {
        outputs = views.flatMap((view) => {
          const out =
            meta.config.role === "stream"
              ? this.streamOne(meta.config, view, tally)
              : rekeyOne(meta.config, view, tally);
          return out === null ? [] : [out];
        });
      }
      this.enqueue(meta.config, outputs);
      this.store.advance({
        nextOffset,
        streamTimeMs,
        highWatermark: Math.max(highWatermark, nextOffset),
        recordsIn: meta.recordsIn + records.length,
        recordsOut: meta.recordsOut + outputs.length,
        lateRecordsDropped: meta.lateRecordsDropped + tally.late,
        errors: meta.errors + tally.errors,
      });
      return { ok: true, outbox: this.store.outbox(), stale: false } as const;
    });
  }

  private requireMeta(): ProcessorMeta {
    const meta = this.store.meta();
    if (meta === null) throw new Error("the processor is not configured");
    return meta;
  }

  private streamOne(config: ProcessorConfig, view: RecordView, tally: Tally): OutputRecord | null {
    if (config.plan.kind !== "stream") throw new Error("a stream processor needs a stream plan");
    const joinKey = joinKeyOf(config.plan, view);
    tally.errors += joinKey.errors;
    const joined = joinKey.result === null ? null : this.store.joinRow(joinKey.result);
    const step = streamStep(
      config.plan,
      view,
      joined === null ? null : viewOf(joined, config.partition, false),
    );
    tally.errors += step.errors;
    return step.result;
  }

  /** A batch's records through the table's groups: rows change in memory, are stored once. */
  private aggregate(
    config: ProcessorConfig,
    views: RecordView[],
    streamTimeMs: number,
    tally: Tally,
  ) {
    const plan = config.plan;
    if (plan.kind !== "table") throw new Error("a table processor needs a table plan");
    const rows = new Map<string, RowState>();
    const changedAt = new Map<string, number>();
    const store = {
      get: (key: string) => rows.get(key) ?? this.store.row(key),
      put: (key: string, row: RowState) => rows.set(key, row),
    };
    let streamTime = streamTimeMs;
    for (const view of views) {
      const step = tableStep(plan, view, streamTime, store);
      streamTime = step.streamTimeMs;
      tally.errors += step.errors;
      if (step.late) tally.late++;
      for (const key of step.changed) changedAt.set(key, view.timestamp);
    }
    const outputs: OutputRecord[] = [];
    for (const [key, timestampMs] of changedAt) {
      const row = rows.get(key) as RowState;
      const emitted = emitRow(plan, key, row, timestampMs);
      tally.errors += emitted.errors;
      this.store.putRow(key, groupKeyOf(row.groupValues), { ...row, visible: emitted.visible });
      if (emitted.record !== null) outputs.push(emitted.record);
    }
    return { outputs, streamTimeMs: streamTime };
  }

  /** Outputs grouped by output partition, each group one batch under its next sequence. */
  private enqueue(config: ProcessorConfig, outputs: OutputRecord[]): void {
    const byPartition = new Map<number, ProduceRecord[]>();
    for (const output of outputs) {
      // Keyed records go where Kafka's partitioner puts their key; unkeyed ones stay on the
      // input partition's counterpart, keeping their order.
      const partition =
        output.key === null
          ? config.partition % config.outputPartitions
          : partitionForKey(utf8.encode(output.key), config.outputPartitions);
      const record: ProduceRecord = { value: output.value, timestamp: output.timestamp, partition };
      if (output.key !== null) record.key = output.key;
      // A record the log would refuse fails the query here, before its batch is queued: a
      // queued batch that can never be written would block every later one.
      encodeRecord(record, 0);
      const batch = byPartition.get(partition);
      if (batch === undefined) byPartition.set(partition, [record]);
      else batch.push(record);
    }
    for (const [partition, records] of byPartition) this.store.enqueue(partition, records);
  }
}

/** The record a query sees: itself, or for a repartition topic the original it wraps. */
export function viewOf(record: WireRecord, partition: number, wrapped: boolean): RecordView {
  const value = record.value ?? null;
  if (wrapped && isObject(value)) {
    const original = value as {
      key: string | null;
      value: Json;
      partition: number;
      offset: number;
      headers: Record<string, string>;
    };
    return {
      key: original.key,
      value: original.value,
      partition: original.partition,
      offset: original.offset,
      timestamp: record.timestamp,
      headers: original.headers,
    };
  }
  return {
    key: typeof record.key === "string" ? record.key : null,
    value,
    partition,
    offset: record.offset,
    timestamp: record.timestamp,
    headers: record.headers ?? {},
  };
}

/**
 * A table query's first stage: records passing WHERE go to the repartition topic keyed by their
 * group key, wrapping the original record so the aggregating stage sees it unchanged.
 */
function rekeyOne(config: ProcessorConfig, view: RecordView, tally: Tally): OutputRecord | null {
  const plan = config.plan;
  if (plan.kind !== "table") throw new Error("a rekey processor needs a table plan");
  const scope = { records: [view, null] as const, slots: [] };
  if (plan.where !== null) {
    const where = plan.where;
    const keep = guarded(() => truth(evaluate(where, scope)));
    tally.errors += keep.errors;
    if (keep.result !== true) return null;
  }
  const values: Json[] = [];
  for (const expr of plan.groupBy) {
    const value = guarded(() => evaluate(expr, scope));
    tally.errors += value.errors;
    if (value.result === null) return null;
    values.push(value.result);
  }
  const wrapped: Json = {
    key: view.key,
    value: view.value,
    partition: view.partition,
    offset: view.offset,
    headers: view.headers,
  };
  return { key: groupKeyOf(values), value: wrapped, timestamp: view.timestamp };
}
