// One partition's share of a produce, encoded once by the gateway and stored by the partition
// leader: the produce → append → store hot path carries this one value from end to end.
//
// Two shortcuts make it cheap, and each is decided here only:
// - bare: every record is bare (no key, a JSON value, no headers), so the bodies are values'
//   JSON alone, stored so, and a read adds the constant parts when it frames them;
// - ASCII: every body is as many UTF-8 bytes as UTF-16 units, so no per-record sizes are sent
//   (and, for a request whose text is all ASCII, encoding measures nothing at all).
import type { RequestText } from "../protocol/produce-request.js";
import type { ProduceRecord } from "../protocol/types.js";
import { BARE_BYTES, BARE_PREFIX, BARE_SUFFIX, type EncodedRecord } from "./record-codec.js";

/**
 * A plain object of one string and typed arrays: it crosses Workers RPC as one copy each, where
 * an array of records would be serialised value by value.
 */
export interface EncodedBatch {
  /** Encoded record bodies (see record-codec.ts), in order, concatenated. */
  bodies: string;
  /** Where each body ends in `bodies` (UTF-16 units); its length is the record count. */
  bodyEnds: Uint32Array;
  /** Every record is bare: `bodies` holds only values' JSON (see record-codec.ts). */
  bare: boolean;
  /** UTF-8 bytes of each body as sent; null when all are ASCII (bytes equal UTF-16 units). */
  bodyBytes: Uint32Array | null;
  /** Producer timestamps, -1 asking for log-append time; null: log-append time for all. */
  timestamps: Float64Array | null;
}

/**
 * Whether records re-encoded from this request text are as many UTF-8 bytes as characters: the
 * text is ASCII (its UTF-8 size is its length: every other character takes two bytes or more per
 * UTF-16 unit, and a BOM the decoder dropped only makes it say no) and holds no `\u` escape that
 * may decode to something else.
 */
export function sizesNeedNoMeasuring(text: RequestText | undefined): boolean {
  return text !== undefined && !text.unicodeEscapes && text.utf8Bytes === text.length;
}

/** The batch of the records at `positions` (request order) of `records`, encoded as `encoded`. */
export function encodeBatch(
  records: ProduceRecord[],
  encoded: EncodedRecord[],
  positions: number[],
): EncodedBatch {
  const count = positions.length;
  const parts = new Array<string>(count);
  let chars = 0;
  const bodyEnds = new Uint32Array(count);
  const bodyBytes = new Uint32Array(count);
  const timestamps = new Float64Array(count);
  let ascii = true;
  let stamped = false;
  let bare = true;
  for (const i of positions) bare &&= (encoded[i] as EncodedRecord).bare;
  for (let j = 0; j < count; j++) {
    const i = positions[j] as number;
    const record = encoded[i] as EncodedRecord;
    // A mixed share sends full bodies: bare ones get their constant parts here.
    const body = bare || !record.bare ? record.body : `${BARE_PREFIX}${record.body}${BARE_SUFFIX}`;
    parts[j] = body;
    chars += body.length;
    bodyEnds[j] = chars;
    // Sizes are of what is sent: a bare share's bodies are values alone.
    bodyBytes[j] = bare ? record.bodyBytes - BARE_BYTES : record.bodyBytes;
    ascii &&= bodyBytes[j] === body.length;
    const timestamp = records[i]?.timestamp;
    timestamps[j] = timestamp ?? -1;
    stamped ||= timestamp !== undefined;
  }
  return {
    // join builds one flat string in a single copy (a += chain would be flattened later).
    bodies: parts.join(""),
    bodyEnds,
    bare,
    // Left out when they say nothing: all ASCII, all log-append time.
    bodyBytes: ascii ? null : bodyBytes,
    timestamps: stamped ? timestamps : null,
  };
}

export function recordCountOf(batch: EncodedBatch): number {
  return batch.bodyEnds.length;
}

/** False when the arrays do not describe one record each, or the batch is empty. */
export function isWellFormed(batch: EncodedBatch): boolean {
  const count = batch.bodyEnds.length;
  const sized = (array: { length: number } | null) => array === null || array.length === count;
  return count > 0 && sized(batch.bodyBytes) && sized(batch.timestamps);
}
