// A query processor's SQLite: every statement the processor runs, over the small Sql interface.
// Values are bound parameters; the only text built here is fixed SQL.
import { migrate, type Sql, type Transaction } from "../log/sql.js";
import type { ProduceRecord } from "../protocol/types.js";
import type {
  OutboxBatch,
  ProcessorConfig,
  ProcessorCounters,
  WireRecord,
} from "./processor-rpc.js";
import { PROCESSOR_MIGRATIONS } from "./processor-schema.js";
import type { RowState } from "./table-step.js";

export interface ProcessorMeta extends ProcessorCounters {
  readonly config: ProcessorConfig;
  readonly nextOffset: number;
  readonly tableOffset: number;
  readonly streamTimeMs: number;
  readonly highWatermark: number;
  readonly stopped: boolean;
  /** Why the processor failed for good; null while it runs. */
  readonly failure: string | null;
}

type MetaRow = {
  config: string;
  next_offset: number;
  table_offset: number;
  stream_time_ms: number;
  high_watermark: number;
  records_in: number;
  records_out: number;
  late_records: number;
  errors: number;
  stopped: number;
  failure: string | null;
  records_skipped: number;
};

export class ProcessorStore {
  constructor(
    private readonly sql: Sql,
    readonly transaction: Transaction,
  ) {
    migrate(sql, transaction, PROCESSOR_MIGRATIONS);
  }

  /** Creates the processor once; a second configure keeps the first (creation retried). */
  configure(config: ProcessorConfig): void {
    this.sql.exec(
      `INSERT INTO processor (id, config, next_offset, table_offset, stream_time_ms,
         high_watermark, records_in, records_out, late_records, errors)
       VALUES (1, ?, ?, 0, 0, ?, 0, 0, 0, 0) ON CONFLICT (id) DO NOTHING`,
      JSON.stringify(config),
      config.startOffset,
      config.startOffset,
    );
  }

  meta(): ProcessorMeta | null {
    const rows = this.sql.exec<MetaRow>("SELECT * FROM processor WHERE id = 1").toArray();
    const row = rows[0];
    if (row === undefined) return null;
    return {
      config: JSON.parse(row.config) as ProcessorConfig,
      nextOffset: row.next_offset,
      tableOffset: row.table_offset,
      streamTimeMs: row.stream_time_ms,
      highWatermark: row.high_watermark,
      recordsIn: row.records_in,
      recordsOut: row.records_out,
      lateRecordsDropped: row.late_records,
      errors: row.errors,
      recordsSkipped: row.records_skipped,
      stopped: row.stopped === 1,
      failure: row.failure,
    };
  }

  stop(): void {
    this.sql.exec("UPDATE processor SET stopped = 1 WHERE id = 1");
  }

  fail(message: string): void {
    this.sql.exec("UPDATE processor SET failure = ? WHERE id = 1", message);
  }

  advance(
    meta: Omit<ProcessorMeta, "config" | "tableOffset" | "stopped" | "failure" | "recordsSkipped">,
  ): void {
    this.sql.exec(
      `UPDATE processor SET next_offset = ?, stream_time_ms = ?, high_watermark = ?,
         records_in = ?, records_out = ?, late_records = ?, errors = ? WHERE id = 1`,
      meta.nextOffset,
      meta.streamTimeMs,
      meta.highWatermark,
      meta.recordsIn,
      meta.recordsOut,
      meta.lateRecordsDropped,
      meta.errors,
    );
  }

  /** Moves the input offset past records retention removed unread, counting them. */
  skip(toOffset: number, skipped: number, highWatermark: number): void {
    this.sql.exec(
      `UPDATE processor SET next_offset = ?, records_skipped = records_skipped + ?,
         high_watermark = max(high_watermark, ?) WHERE id = 1`,
      toOffset,
      skipped,
      highWatermark,
    );
  }

  setTableOffset(offset: number): void {
    this.sql.exec("UPDATE processor SET table_offset = ? WHERE id = 1", offset);
  }

  row(rowKey: string): RowState | null {
    const rows = this.sql
      .exec<{ state: string }>("SELECT state FROM table_rows WHERE row_key = ?", rowKey)
      .toArray();
    return rows[0] === undefined ? null : (JSON.parse(rows[0].state) as RowState);
  }

  putRow(rowKey: string, groupKey: string, row: RowState): void {
    this.sql.exec(
      `INSERT INTO table_rows (row_key, group_key, state) VALUES (?, ?, ?)
       ON CONFLICT (row_key) DO UPDATE SET state = excluded.state`,
      rowKey,
      groupKey,
      JSON.stringify(row),
    );
  }

  rows(groupKey: string | null, limit: number): { rowKey: string; row: RowState }[] {
    const cursor =
      groupKey === null
        ? this.sql.exec<{ row_key: string; state: string }>(
            "SELECT row_key, state FROM table_rows ORDER BY row_key LIMIT ?",
            limit,
          )
        : this.sql.exec<{ row_key: string; state: string }>(
            "SELECT row_key, state FROM table_rows WHERE group_key = ? ORDER BY row_key LIMIT ?",
            groupKey,
            limit,
          );
    return cursor
      .toArray()
      .map((r) => ({ rowKey: r.row_key, row: JSON.parse(r.state) as RowState }));
  }

  joinRow(key: string): WireRecord | null {
    const rows = this.sql
      .exec<{ record: string }>("SELECT record FROM join_rows WHERE key = ?", key)
      .toArray();
    return rows[0] === undefined ? null : (JSON.parse(rows[0].record) as WireRecord);
  }

  putJoinRow(key: string, record: WireRecord | null): void {
    if (record === null) this.sql.exec("DELETE FROM join_rows WHERE key = ?", key);
    else {
      this.sql.exec(
        `INSERT INTO join_rows (key, record) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET record = excluded.record`,
        key,
        JSON.stringify(record),
      );
    }
  }

  /** Queues a batch for one output partition under the partition's next producer sequence. */
  enqueue(partition: number, records: ProduceRecord[]): void {
    const rows = this.sql
      .exec<{ next_sequence: number }>(
        "SELECT next_sequence FROM sequences WHERE partition = ?",
        partition,
      )
      .toArray();
    const sequence = rows[0]?.next_sequence ?? 0;
    this.sql.exec(
      `INSERT INTO sequences (partition, next_sequence) VALUES (?, ?)
       ON CONFLICT (partition) DO UPDATE SET next_sequence = excluded.next_sequence`,
      partition,
      sequence + 1,
    );
    this.sql.exec(
      "INSERT INTO outbox (partition, sequence, records) VALUES (?, ?, ?)",
      partition,
      sequence,
      JSON.stringify(records),
    );
  }

  outbox(): OutboxBatch[] {
    return this.sql
      .exec<{ id: number; partition: number; sequence: number; records: string }>(
        "SELECT id, partition, sequence, records FROM outbox ORDER BY id",
      )
      .toArray()
      .map((r) => ({
        id: r.id,
        partition: r.partition,
        sequence: r.sequence,
        records: JSON.parse(r.records) as ProduceRecord[],
      }));
  }

  acknowledge(id: number): void {
    this.sql.exec("DELETE FROM outbox WHERE id = ?", id);
  }
}
