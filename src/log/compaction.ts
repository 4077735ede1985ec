// Log compaction (Kafka's log cleaner) over one partition's batches: a pass maps every key of
// the dirty part of the log (from the last pass's end to the target's) to its newest offset,
// then rewrites the batches below the target keeping only records no newer record of the same
// key supersedes; tombstones (null values) go once `deleteRetentionMs` old. Kept records keep
// their offsets and their stored text, byte for byte.
//
// A pass is a pure function of the records below its target and the target's time, so the
// leader ships its targets and every follower, running the same passes, keeps the same records.
// Passes run in steps of a bounded number of records, one step per alarm run.
import { COMPACTION_KEYS_MAX } from "../protocol/limits.js";
import { type BatchRow, offsetAt } from "./batch-row.js";
import type { BatchStore } from "./batch-store.js";
import type { CompactionTarget } from "./partition-meta-store.js";
import { base64ToBytes } from "./record-codec.js";
import { keepRecords, recordTexts } from "./row-records.js";

/** The fields of a stored record compaction looks at. */
interface StoredRecord {
  offset: number;
  timestamp: number;
  key?: string | null;
  keyBase64?: string;
  value?: unknown;
}

export interface StepOutcome {
  /** Records read in this step. */
  records: number;
  /** Batches rewritten or deleted in this step. */
  changedBatches: number;
  /** Bytes the rewritten and deleted batches gave back. */
  freedBytes: number;
  /** Batches emptied and deleted. */
  deletedBatches: number;
  freedRecords: number;
  /** Set once the pass is complete: the log is clean below this offset. */
  cleanOffset: number | null;
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Kafka compares keys as bytes: a base64 key that is valid UTF-8 is the same key as text. */
function keyIdOf(record: StoredRecord): string | null {
  if (typeof record.key === "string") return `s${record.key}`;
  if (record.keyBase64 === undefined) return null;
  try {
    return `s${utf8Strict.decode(base64ToBytes(record.keyBase64))}`;
  } catch {
    return `b${record.keyBase64}`;
  }
}

function parseRecords(row: BatchRow): StoredRecord[] {
  return JSON.parse(`[${recordTexts(row, 0, row.recordCount)}]`) as StoredRecord[];
}

export class CompactionPass {
  private phase: "map" | "clean" = "map";
  private cursor: number;
  /** Where this pass stops: the target's end, or sooner if the key map filled up. */
  private end: number;
  private readonly newest = new Map<string, number>();

  constructor(
    readonly target: CompactionTarget,
    dirtyStart: number,
    private readonly deleteRetentionMs: number,
  ) {
    this.cursor = dirtyStart;
    this.end = target.endOffset;
  }

  /** Runs the pass on for about `budget` records; the log's start bounds the clean phase. */
  step(store: BatchStore, logStartOffset: number, budget: number): StepOutcome {
    const outcome: StepOutcome = {
      records: 0,
      changedBatches: 0,
      freedBytes: 0,
      deletedBatches: 0,
      freedRecords: 0,
      cleanOffset: null,
    };
    if (this.phase === "map") {
      this.mapKeys(store, budget, outcome);
      if (this.phase === "map") return outcome;
      this.cursor = logStartOffset;
    }
    this.cursor = Math.max(this.cursor, logStartOffset);
    this.clean(store, budget, outcome);
    return outcome;
  }

  /** Reads dirty records into the key map until the budget or the pass's end. */
  private mapKeys(store: BatchStore, budget: number, outcome: StepOutcome): void {
    for (const row of store.scan(this.cursor, this.end)) {
      const records = parseRecords(row);
      for (const record of records) {
        if (record.offset < this.cursor) continue;
        if (record.offset >= this.end) break;
        const id = keyIdOf(record);
        if (id === null) continue;
        if (this.newest.size >= COMPACTION_KEYS_MAX && !this.newest.has(id)) {
          // The map is full: this pass cleans up to here, the next one goes on.
          this.end = record.offset;
          this.phase = "clean";
          return;
        }
        this.newest.set(id, record.offset);
      }
      outcome.records += row.recordCount;
      this.cursor = Math.min(row.endOffset, this.end);
      if (outcome.records >= budget) return;
    }
    this.phase = "clean";
  }

  /** Thins the batches below the pass's end until the budget; done when it reaches the end. */
  private clean(store: BatchStore, budget: number, outcome: StepOutcome): void {
    // Read first, then write: the batches change under a cursor otherwise.
    if (outcome.records >= budget) return;
    const rows = store.batchesFrom(this.cursor, this.end, budget - outcome.records);
    for (const row of rows) {
      outcome.records += row.recordCount;
      const kept = this.survivors(row, parseRecords(row));
      this.cursor = Math.min(row.endOffset, this.end);
      if (kept.length === row.recordCount) continue;
      outcome.changedBatches++;
      outcome.freedRecords += row.recordCount - kept.length;
      if (kept.length === 0) {
        store.deleteBatch(row.baseOffset);
        outcome.freedBytes += row.byteSize;
        outcome.deletedBatches++;
        continue;
      }
      const thinned = keepRecords(row, kept);
      store.replaceRecords(thinned);
      outcome.freedBytes += row.byteSize - thinned.byteSize;
    }
    if (outcome.records >= budget && this.cursor < this.end) return;
    this.cursor = this.end;
    outcome.cleanOffset = this.end;
  }

  /** Indexes of the records of `row` this pass keeps. */
  private survivors(row: BatchRow, records: StoredRecord[]): number[] {
    const kept: number[] = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as StoredRecord;
      const offset = offsetAt(row, i);
      // Past the pass's end nothing is judged; its last record always stays, so the log's
      // newest batch is never emptied and every replica agrees where the log ends.
      if (offset >= this.end - 1) {
        kept.push(i);
        continue;
      }
      const id = keyIdOf(record);
      if (id === null) {
        kept.push(i); // keyless records (written before the topic compacted) stay
        continue;
      }
      const newest = this.newest.get(id);
      if (newest !== undefined && newest > offset) continue; // superseded
      const tombstone = record.value === null;
      if (tombstone && this.target.time - record.timestamp >= this.deleteRetentionMs) continue;
      kept.push(i);
    }
    return kept;
  }
}
