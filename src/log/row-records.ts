// The records of one stored row, whatever its format (batch-row.ts's RowFormat): their texts as a
// fetch serves them, their timestamps, and the row cut down to some of them (compaction,
// truncation). Framed rows are sliced; compact rows are framed here, at read time.
import { type BatchRow, offsetAt, RowFormat, textStart } from "./batch-row.js";
import { BARE_PREFIX, BARE_SUFFIX } from "./record-codec.js";

/** The served JSON texts of records [first, end) of `row`, joined by commas. */
export function recordTexts(row: BatchRow, first: number, end: number): string {
  if (first >= end) return "";
  const payload = row.payload;
  const index = row.recordIndex;
  if (row.format === RowFormat.FRAMED) {
    if (first === 0 && end === row.recordCount) return payload;
    return payload.slice(textStart(row, first), index[2 * (end - 1)] as number);
  }
  // One string a record, joined once: join sizes and copies the result in one pass.
  const bare = row.format === RowFormat.COMPACT_BARE;
  const before = bare ? BARE_PREFIX : "";
  const after = bare ? `${BARE_SUFFIX}}` : "}";
  const stamps = row.timestamps;
  const uniform = `,"timestamp":${row.maxTimestamp},${before}`;
  const parts = new Array<string>(end - first);
  let start = textStart(row, first);
  for (let i = first; i < end; i++) {
    const stop = index[2 * i] as number;
    const stamp = stamps === null ? uniform : `,"timestamp":${stamps[i]},${before}`;
    parts[i - first] = `{"offset":${offsetAt(row, i)}${stamp}${payload.slice(start, stop)}${after}`;
    start = stop;
  }
  return parts.join(",");
}

/** Each record's timestamp, in order. */
export function recordTimestamps(row: BatchRow): ArrayLike<number> {
  if (row.format === RowFormat.FRAMED) {
    const records = JSON.parse(`[${row.payload}]`) as Array<{ timestamp: number }>;
    return records.map((record) => record.timestamp);
  }
  return row.timestamps ?? new Float64Array(row.recordCount).fill(row.maxTimestamp);
}

/** The row with only records `kept` (indexes, ascending): same range, same record texts. */
export function keepRecords(row: BatchRow, kept: number[]): BatchRow {
  const index = row.recordIndex;
  const separator = row.format === RowFormat.FRAMED ? "," : "";
  const parts: string[] = [];
  const recordIndex = new Uint32Array(2 * kept.length);
  const recordOffsets = new Uint32Array(kept.length);
  let chars = 0;
  let bytes = 0;
  for (let j = 0; j < kept.length; j++) {
    const i = kept[j] as number;
    const text = row.payload.slice(textStart(row, i), index[2 * i] as number);
    parts.push(text);
    chars += text.length + (j > 0 ? separator.length : 0);
    bytes += (index[2 * i + 1] as number) - (i === 0 ? 0 : (index[2 * i - 1] as number));
    recordIndex[2 * j] = chars;
    recordIndex[2 * j + 1] = bytes;
    recordOffsets[j] = offsetAt(row, i) - row.baseOffset;
  }
  const stamps = row.timestamps;
  return {
    ...row,
    recordCount: kept.length,
    byteSize: bytes,
    payload: parts.join(separator),
    recordIndex,
    timestamps: stamps === null ? null : Float64Array.from(kept, (i) => stamps[i] as number),
    recordOffsets,
  };
}

/** The row's first `count` records (truncation's cut of a dense row): same texts, shorter. */
export function keepFirst(row: BatchRow, count: number): BatchRow {
  const index = row.recordIndex;
  return {
    ...row,
    endOffset: row.baseOffset + count,
    recordCount: count,
    byteSize: index[2 * count - 1] as number,
    payload: row.payload.slice(0, index[2 * (count - 1)] as number),
    recordIndex: index.slice(0, 2 * count),
    timestamps: row.timestamps === null ? null : row.timestamps.slice(0, count),
  };
}

/**
 * The row as releases before compact rows stored it, for a follower that knows no other format
 * (a rolling upgrade may pair a new leader with an old follower): same records, sizes and range.
 */
export function asFramedRow(row: BatchRow): BatchRow {
  if (row.format === RowFormat.FRAMED) return row;
  const texts = new Array<string>(row.recordCount);
  const index = row.recordIndex.slice();
  let chars = -1;
  for (let i = 0; i < row.recordCount; i++) {
    const text = recordTexts(row, i, i + 1);
    texts[i] = text;
    chars += text.length + 1;
    index[2 * i] = chars;
  }
  return {
    ...row,
    format: RowFormat.FRAMED,
    payload: texts.join(","),
    recordIndex: index,
    timestamps: null,
  };
}
