// Seeded random input for stream SQL tests, and a pure runner of a checked plan over it (the
// same steps the processors run), so tests can compare both against a reference computation.
import type { RecordView } from "../../src/sql/evaluator.js";
import type { Json, QueryPlan } from "../../src/sql/plan.js";
import { joinKeyOf, type OutputRecord, streamStep } from "../../src/sql/stream-step.js";
import { emitRow, type RowState, tableStep } from "../../src/sql/table-step.js";

/** mulberry32: a small seeded generator, so a failing case replays exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PAGES = ["/home", "/docs", "/pricing", "/blog", "/a|b@c"];

/**
 * Activity beacons with some disorder in time, missing fields, and a few values of the wrong
 * type (a string `ms`), which must count as errors and never stop a query.
 */
export function randomBeacons(
  seed: number,
  count: number,
  startMs = 1_700_000_000_000,
): RecordView[] {
  const random = seededRandom(seed);
  const records: RecordView[] = [];
  let clock = startMs;
  for (let i = 0; i < count; i++) {
    clock += Math.floor(random() * 4_000);
    // One record in eight arrives up to two minutes late.
    const timestamp = random() < 0.125 ? clock - Math.floor(random() * 120_000) : clock;
    const value: { [field: string]: Json } = { user: `u${Math.floor(random() * 6)}` };
    if (random() < 0.95) value.page = PAGES[Math.floor(random() * PAGES.length)] as string;
    const roll = random();
    value.ms = roll < 0.05 ? null : roll < 0.08 ? "slow" : Math.floor(random() * 500);
    records.push({
      key: `k${Math.floor(random() * 10)}`,
      timestamp,
      partition: 0,
      offset: i,
      value,
      headers: {},
    });
  }
  return records;
}

export interface PureRun {
  readonly outputs: OutputRecord[];
  readonly errors: number;
  readonly late: number;
}

/**
 * Runs a plan over records in batches as a processor does. `table` holds the join table's rows
 * by key, and `tableUpdates` changes it before the record of a given offset is processed.
 */
export function runPlan(
  plan: QueryPlan,
  records: readonly RecordView[],
  batchSize: number,
  tableUpdates: ReadonlyMap<number, [string, Json]> = new Map(),
): PureRun {
  const outputs: OutputRecord[] = [];
  let errors = 0;
  let late = 0;
  const table = new Map<string, RecordView>();
  const rows = new Map<string, RowState>();
  let streamTimeMs = 0;
  for (let from = 0; from < records.length; from += batchSize) {
    const changed = new Map<string, number>();
    for (const record of records.slice(from, from + batchSize)) {
      const update = tableUpdates.get(record.offset);
      if (update !== undefined) {
        table.set(update[0], { ...record, key: update[0], value: update[1] });
      }
      if (plan.kind === "stream") {
        const joinKey = joinKeyOf(plan, record);
        errors += joinKey.errors;
        const row = joinKey.result === null ? null : (table.get(joinKey.result) ?? null);
        const step = streamStep(plan, record, row);
        errors += step.errors;
        if (step.result !== null) outputs.push(step.result);
      } else {
        const step = tableStep(plan, record, streamTimeMs, {
          get: (key) => rows.get(key) ?? null,
          put: (key, row) => rows.set(key, row),
        });
        streamTimeMs = step.streamTimeMs;
        errors += step.errors;
        if (step.late) late++;
        for (const key of step.changed) changed.set(key, record.timestamp);
      }
    }
    if (plan.kind === "table") {
      for (const [key, timestampMs] of changed) {
        const row = rows.get(key) as RowState;
        const emitted = emitRow(plan, key, row, timestampMs);
        errors += emitted.errors;
        rows.set(key, { ...row, visible: emitted.visible });
        if (emitted.record !== null) outputs.push(emitted.record);
      }
    }
  }
  return { outputs, errors, late };
}

/** The newest value per key of a table's output (a tombstone removes the key). */
export function latestByKey(outputs: readonly OutputRecord[]): Map<string, Json> {
  const latest = new Map<string, Json>();
  for (const output of outputs) {
    if (output.value === null) latest.delete(output.key as string);
    else latest.set(output.key as string, output.value);
  }
  return latest;
}
