// The newest stored batches, kept in memory by a replicated partition's replicas: a leader pushes
// to followers what it has just appended, so reading it back from SQLite would be wasted work.
import { REPLICATION_CACHE_BYTES_MAX } from "../protocol/limits.js";
import type { BatchRow } from "./batch-row.js";

export class RecentBatches {
  private rows: BatchRow[] = [];
  private bytes = 0;

  /** Adds batches that continue the log (callers append in offset order). */
  add(rows: BatchRow[]): void {
    for (const row of rows) {
      this.rows.push(row);
      this.bytes += row.byteSize;
    }
    while (this.bytes > REPLICATION_CACHE_BYTES_MAX && this.rows.length > 1) {
      this.bytes -= (this.rows.shift() as BatchRow).byteSize;
    }
  }

  clear(): void {
    this.rows = [];
    this.bytes = 0;
  }

  /** The first cached offset, or null when nothing is cached. */
  private get start(): number | null {
    return this.rows[0]?.baseOffset ?? null;
  }

  /** Batches from the one holding `offset` up to about `bytesMax`, or null if not all cached. */
  from(offset: number, bytesMax: number): BatchRow[] | null {
    const start = this.start;
    if (start === null || offset < start) return null;
    const rows: BatchRow[] = [];
    let bytes = 0;
    for (const row of this.rows) {
      if (row.endOffset <= offset) continue;
      if (rows.length > 0 && bytes + row.byteSize > bytesMax) break;
      rows.push(row);
      bytes += row.byteSize;
    }
    return rows;
  }
}
