// A stored batch as the log sees it, and the pure arithmetic over one: where a record sits, the
// offset of a stored record (compaction leaves holes), and a batch's tail from an offset.

/**
 * How a row's `payload` holds its records (the batches.format column). Rows written before
 * compact rows existed are `FRAMED`: each record's JSON text as a fetch serves it, joined by
 * commas. Compact rows hold the bodies as the gateway encoded them, back to back, and are framed
 * when read (row-records.ts): a stored batch is then about the size of the request, not 1.7×.
 */
export const RowFormat = {
  /** `{"offset":N,"timestamp":T,<body>}` texts joined by commas. */
  FRAMED: 0,
  /** Encoded bodies (`"key":…,"value":…,"headers":…`) back to back. */
  COMPACT: 1,
  /** Bare records' values' JSON back to back (see record-codec.ts's BARE_PREFIX). */
  COMPACT_BARE: 2,
} as const;
export type RowFormat = (typeof RowFormat)[keyof typeof RowFormat];

export interface BatchRow {
  baseOffset: number;
  /** The offset after the batch's range: base + records written, kept when compaction thins it. */
  endOffset: number;
  recordCount: number;
  maxTimestamp: number;
  byteSize: number;
  leaderEpoch: number;
  format: RowFormat;
  /** The records' texts, laid out as `format` says. */
  payload: string;
  /**
   * Per record: [end of its text in `payload` (UTF-16 units), cumulative UTF-8 bytes of the
   * records as served]: sizes are the framed records' whatever the format, so fetch limits,
   * retention and storage figures count the same bytes for every row.
   */
  recordIndex: Uint32Array;
  /**
   * Compact rows: each record's timestamp, or null when all are `maxTimestamp` (log-append
   * time, the common case). Always null for framed rows, whose texts hold their timestamps.
   */
  timestamps: Float64Array | null;
  /** Per record, its offset minus `baseOffset`, once compaction left holes; null while dense. */
  recordOffsets: Uint32Array | null;
  /** The idempotent producer batch this row belongs to, if any. */
  producer: ProducerBatch | null;
}

/** What retention needs to know of a batch. */
export type BatchSummary = Pick<
  BatchRow,
  "baseOffset" | "endOffset" | "recordCount" | "maxTimestamp" | "byteSize"
>;

/** An idempotent producer's batch: Kafka's producer id, epoch and (base) sequence. */
export interface ProducerBatch {
  id: string;
  epoch: number;
  sequence: number;
  /** "records": the sequence counts records (Kafka's rule); absent: batches. Not stored. */
  sequenceUnit?: "batches" | "records";
}

/** One batch of a producer as a partition stored it (all its rows together). */
export interface StoredProducerBatch extends ProducerBatch {
  baseOffset: number;
  recordCount: number;
}

/** What the batches take: the numbers GET /v1/topics/:t reports per partition. */
export interface StorageStats {
  bytes: number;
  batches: number;
  records: number;
}

/** The offset of a batch's `i`th stored record. */
export function offsetAt(row: BatchRow, i: number): number {
  return row.baseOffset + (row.recordOffsets === null ? i : (row.recordOffsets[i] as number));
}

/** The index of the first stored record of `row` at or after `offset` (recordCount if none). */
export function indexOf(row: BatchRow, offset: number): number {
  if (offset <= row.baseOffset) return 0;
  const offsets = row.recordOffsets;
  if (offsets === null) return Math.min(offset - row.baseOffset, row.recordCount);
  const delta = offset - row.baseOffset;
  let low = 0;
  let high = row.recordCount;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((offsets[mid] as number) < delta) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where record `i`'s text starts in `payload`: framed texts are comma-separated. */
export function textStart(row: BatchRow, i: number): number {
  if (i === 0) return 0;
  const end = row.recordIndex[2 * (i - 1)] as number;
  return row.format === RowFormat.FRAMED ? end + 1 : end;
}

/** The part of a stored batch from `offset` on (a follower may end inside a leader's batch). */
export function trimRowStart(row: BatchRow, offset: number): BatchRow {
  if (offset <= row.baseOffset) return row;
  const skip = indexOf(row, offset);
  const index = row.recordIndex;
  const charsSkipped = textStart(row, skip);
  const bytesSkipped = skip === 0 ? 0 : (index[2 * skip - 1] as number);
  const kept = new Uint32Array(2 * (row.recordCount - skip));
  for (let i = 0; i < row.recordCount - skip; i++) {
    kept[2 * i] = (index[2 * (skip + i)] as number) - charsSkipped;
    kept[2 * i + 1] = (index[2 * (skip + i) + 1] as number) - bytesSkipped;
  }
  const shift = offset - row.baseOffset;
  return {
    ...row,
    baseOffset: offset,
    recordCount: row.recordCount - skip,
    byteSize: row.byteSize - bytesSkipped,
    payload: row.payload.slice(charsSkipped),
    recordIndex: kept,
    timestamps: row.timestamps === null ? null : row.timestamps.slice(skip),
    recordOffsets:
      row.recordOffsets === null ? null : row.recordOffsets.slice(skip).map((d) => d - shift),
  };
}

/**
 * The log end after appending `rows` to a log ending at `logEnd`. Each must start at or past
 * the end before it (compaction's gaps are kept) and hold records: anything else is a bug.
 */
export function endAfterRows(rows: BatchRow[], logEnd: number): number {
  let end = logEnd;
  for (const row of rows) {
    if (row.baseOffset < end || row.recordCount === 0) {
      throw new Error(`a batch at ${row.baseOffset} does not continue the log at ${end}`);
    }
    end = row.endOffset;
  }
  return end;
}
