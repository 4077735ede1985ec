// The stored form of a record: its body as JSON text, built once at produce time so a fetch only
// slices, frames and concatenates stored text (edgelog's counterpart of Kafka's zero-copy).
//
// The gateway encodes the record's body (`"key":…,"value":…,"headers":…`); the partition stores
// it as is (batch-framing.ts) and a read wraps it with the record's offset and timestamp:
// `{"offset":N,"timestamp":T,<body>}` (row-records.ts).
import { EdgelogError } from "../protocol/errors.js";
import { RECORD_BYTES_MAX } from "../protocol/limits.js";
import type { ProduceRecord } from "../protocol/types.js";

export interface EncodedRecord {
  /**
   * The record's body, or for a bare record (no key, a JSON value, no headers: the commonest)
   * only its value's JSON: the leader adds the constant parts (BARE_PREFIX, BARE_SUFFIX).
   */
  body: string;
  bare: boolean;
  /** UTF-8 bytes of `body`: what RECORD_BYTES_MAX bounds and what fetch maxBytes counts. */
  bodyBytes: number;
}

const utf8 = new TextEncoder();

/**
 * Scratch space for measuring UTF-8 lengths: a string of n UTF-16 units encodes to at most 3n
 * bytes, and only strings of at most RECORD_BYTES_MAX units can fit a record at all.
 */
let scratch: Uint8Array | null = null;

/** Any UTF-16 unit above 0x7f: a character that takes more than one UTF-8 byte. */
const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 length of a string; anything longer than `limit` bytes reports `limit + 1`. */
export function utf8Length(text: string, limit = RECORD_BYTES_MAX): number {
  // Every UTF-16 unit is at least one UTF-8 byte: long strings are over the limit unmeasured.
  if (text.length > limit) return limit + 1;
  // ASCII (most records) is one byte a unit; a native regex scan says so fastest.
  if (!NON_ASCII.test(text)) return text.length;
  scratch ??= new Uint8Array(3 * RECORD_BYTES_MAX);
  // encodeInto is native and allocation-free: several times faster than a JS loop here.
  return utf8.encodeInto(text, scratch).written;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Encodes a validated record; throws RECORD_TOO_LARGE past RECORD_BYTES_MAX. `sizesKnown`: its
 * UTF-8 size is its length (encoded-batch.ts's sizesNeedNoMeasuring decides).
 */
export function encodeRecord(
  record: ProduceRecord,
  index: number,
  sizesKnown = false,
): EncodedRecord {
  if (record.key == null && record.keyBase64 === undefined && record.headers === undefined) {
    if (record.valueBase64 === undefined) {
      const valueJson = JSON.stringify(record.value);
      const bytes = sizesKnown ? valueJson.length : utf8Length(valueJson);
      return checkedSize({ body: valueJson, bare: true, bodyBytes: bytes + BARE_BYTES }, index);
    }
  }
  // One JSON.stringify of an object with the body's fields in the stored order writes the whole
  // body as one flat string, where stringifying key, value and headers apart and joining them
  // took three calls and a concatenation. Base64 needs no escaping, so it is written as given.
  const key = record.key ?? null;
  const headers = record.headers ?? NO_HEADERS;
  let json: string;
  if (record.keyBase64 !== undefined) {
    const keyBase64 = record.keyBase64;
    json =
      record.valueBase64 !== undefined
        ? JSON.stringify({ keyBase64, valueBase64: record.valueBase64, headers })
        : JSON.stringify({ keyBase64, value: record.value, headers });
  } else {
    json =
      record.valueBase64 !== undefined
        ? JSON.stringify({ key, valueBase64: record.valueBase64, headers })
        : JSON.stringify({ key, value: record.value, headers });
  }
  // The body is the object's inside; it is measured whole, once: one scan and at most one native
  // encode a record, where measuring key, value and headers apart took three scans.
  const body = json.slice(1, -1);
  const bodyBytes = sizesKnown ? body.length : utf8Length(body);
  return checkedSize({ body, bare: false, bodyBytes }, index);
}

function checkedSize(record: EncodedRecord, index: number): EncodedRecord {
  if (record.bodyBytes > RECORD_BYTES_MAX) {
    throw new EdgelogError(
      "RECORD_TOO_LARGE",
      `record ${index} is more than ${RECORD_BYTES_MAX} bytes encoded`,
      { index, recordBytesMax: RECORD_BYTES_MAX },
    );
  }
  return record;
}

/** A record without headers is stored with an empty object of them. */
const NO_HEADERS = Object.freeze({});

/** What a bare record's body adds around its value's JSON. */
export const BARE_PREFIX = '"key":null,"value":';
export const BARE_SUFFIX = ',"headers":{}';
export const BARE_BYTES = BARE_PREFIX.length + BARE_SUFFIX.length;

/** The bytes the partitioner hashes: the key's UTF-8 or decoded base64; null without a key. */
export function keyBytesOf(record: ProduceRecord): Uint8Array | null {
  if (record.keyBase64 !== undefined) return base64ToBytes(record.keyBase64);
  if (typeof record.key === "string") return utf8.encode(record.key);
  return null;
}
