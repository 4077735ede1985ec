// The leader-epoch cache (Kafka's leader-epoch-checkpoint, KIP-101): the offset where each
// leader epoch's records start. Kept apart from the batches because retention and compaction
// delete batches, and log matching must still know which epoch wrote an offset.
import type { EpochStart } from "./divergence.js";
import type { Sql } from "./sql.js";

export class LeaderEpochs {
  /** Ascending by epoch and by start offset; a handful of entries (one per election). */
  private entries: EpochStart[];

  constructor(private readonly sql: Sql) {
    this.entries = sql
      .exec<{ epoch: number; start_offset: number }>(
        "SELECT epoch, start_offset FROM leader_epochs ORDER BY epoch",
      )
      .toArray()
      .map((row) => ({ epoch: row.epoch, startOffset: row.start_offset }));
  }

  /** The newest epoch with records here, or -1. */
  latest(): number {
    return this.entries[this.entries.length - 1]?.epoch ?? -1;
  }

  /** Records that records of `epoch` start at `startOffset` (appends come in epoch order). */
  assign(epoch: number, startOffset: number): void {
    if (epoch <= this.latest()) return;
    this.sql.exec(
      "INSERT OR REPLACE INTO leader_epochs (epoch, start_offset) VALUES (?, ?)",
      epoch,
      startOffset,
    );
    this.entries.push({ epoch, startOffset });
  }

  /** The epoch that wrote `offset`, or -1 before the first entry. */
  epochAt(offset: number): number {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i] as EpochStart;
      if (entry.startOffset <= offset) return entry.epoch;
    }
    return -1;
  }

  /** Every epoch start, ascending: what divergence.ts computes from. */
  get starts(): readonly EpochStart[] {
    return this.entries;
  }

  /** Forgets epochs that start at or after `offset` (the log was truncated there). */
  truncateFrom(offset: number): void {
    this.sql.exec("DELETE FROM leader_epochs WHERE start_offset >= ?", offset);
    this.entries = this.entries.filter((entry) => entry.startOffset < offset);
  }

  /**
   * The log now starts at `offset`: entries wholly before it go, except the one that wrote the
   * record at `offset` (Kafka's truncateFromStart), which keeps its epoch.
   */
  truncateBefore(offset: number): void {
    const covering = this.epochAt(offset);
    this.sql.exec("DELETE FROM leader_epochs WHERE epoch < ?", covering);
    this.entries = this.entries.filter((entry) => entry.epoch >= covering);
  }

  clear(): void {
    this.sql.exec("DELETE FROM leader_epochs");
    this.entries = [];
  }
}
