// The stored form of a record: the JSON text a fetch returns, built once at produce time so a
// fetch only slices and concatenates stored text (edgelog's counterpart of Kafka's zero-copy).
//
// The gateway encodes the record's body (`"key":…,"value":…,"headers":…`); the partition leader
// wraps it with the offset and timestamp it assigns: `{"offset":N,"timestamp":T,<body>}`.
import { EdgelogError } from "../protocol/errors.js";
import { RECORD_BYTES_MAX } from "../protocol/limits.js";
import type { ProduceRecord } from "../protocol/types.js";

export interface EncodedRecord {
  body: string;
  /** UTF-8 bytes of `body`: what RECORD_BYTES_MAX bounds and what fetch maxBytes counts. */
  bodyBytes: number;
  /** Bytes the partitioner hashes, or null for a record without a key. */
  keyBytes: Uint8Array | null;
}

const utf8 = new TextEncoder();

/** UTF-8 length of a string without allocating its encoding. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is 2 UTF-16 units and 4 UTF-8 bytes; a lone surrogate encodes as 3.
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes a validated record; throws RECORD_TOO_LARGE past RECORD_BYTES_MAX. */
export function encodeRecord(record: ProduceRecord, index: number): EncodedRecord {
  let keyPart: string;
  let keyBytes: Uint8Array | null = null;
  if (record.keyBase64 !== undefined) {
    keyPart = `"keyBase64":"${record.keyBase64}"`;
    keyBytes = base64ToBytes(record.keyBase64);
  } else if (typeof record.key === "string") {
    keyPart = `"key":${JSON.stringify(record.key)}`;
    keyBytes = utf8.encode(record.key);
  } else {
    keyPart = `"key":null`;
  }
  const valuePart =
    record.valueBase64 !== undefined
      ? `"valueBase64":"${record.valueBase64}"`
      : `"value":${JSON.stringify(record.value)}`;
  const headersPart = record.headers === undefined ? "{}" : JSON.stringify(record.headers);
  const body = `${keyPart},${valuePart},"headers":${headersPart}`;
  const bodyBytes = utf8Length(body);
  if (bodyBytes > RECORD_BYTES_MAX) {
    throw new EdgelogError("RECORD_TOO_LARGE", `record ${index} is ${bodyBytes} bytes encoded`, {
      index,
      recordBytes: bodyBytes,
      recordBytesMax: RECORD_BYTES_MAX,
    });
  }
  return { body, bodyBytes, keyBytes };
}

/** The leader's wrapper around an encoded body. */
export function frameRecord(offset: number, timestamp: number, body: string): string {
  return `{"offset":${offset},"timestamp":${timestamp},${body}}`;
}
