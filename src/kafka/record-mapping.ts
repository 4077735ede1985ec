// The byte mapping between Kafka records and edgelog's JSON records (design/kafka-gateway.md,
// "Bytes are exact"). Kafka → edgelog: a key or value that is valid UTF-8 is sent as a string,
// anything else as keyBase64/valueBase64, a null value as null (a tombstone); the client's
// timestamp is kept. edgelog → Kafka: strings as their UTF-8 bytes, other JSON values as their
// compact JSON text, null as null, base64 as its bytes. Header values are strings in edgelog:
// a header whose value is null or not UTF-8, or a key repeated in one record, cannot be kept
// and is refused with INVALID_RECORD, never changed.
import { isUtf8 } from "node:buffer";
import type { FetchedRecord, ProduceRecord } from "../protocol/types.js";
import type { KafkaHeader, KafkaRecord } from "./codec/record-batch.js";
import type { RecordBytes, RecordToEncode } from "./codec/record-batch-encode.js";

/** A record edgelog cannot hold byte for byte: its partition answers INVALID_RECORD. */
export class UnmappableRecordError extends Error {
  override readonly name = "UnmappableRecordError";
}

/**
 * The bytes as text if they are valid UTF-8, else null. Decoding replaces every invalid sequence
 * with U+FFFD, so text without one was valid; only text with one (rare: binary bytes, or a real
 * U+FFFD) is checked again. One pass instead of isUtf8's and toString's two.
 */
function utf8OrNull(bytes: Buffer): string | null {
  const text = bytes.toString("utf8");
  return text.includes("\uFFFD") && !isUtf8(bytes) ? null : text;
}

export function toEdgelogRecord(record: KafkaRecord, partition: number): ProduceRecord {
  const out: ProduceRecord = { partition };
  if (record.key !== null) {
    const key = utf8OrNull(record.key);
    if (key !== null) out.key = key;
    else out.keyBase64 = record.key.toString("base64");
  }
  if (record.value === null) out.value = null;
  else {
    const value = utf8OrNull(record.value);
    if (value !== null) out.value = value;
    else out.valueBase64 = record.value.toString("base64");
  }
  if (record.headers.length > 0) out.headers = toEdgelogHeaders(record.headers);
  if (record.timestamp >= 0) out.timestamp = record.timestamp;
  return out;
}

function toEdgelogHeaders(headers: KafkaHeader[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of headers) {
    if (Object.hasOwn(out, key)) throw new UnmappableRecordError(`header ${key} repeated`);
    if (value === null) throw new UnmappableRecordError(`header ${key} has a null value`);
    const text = utf8OrNull(value);
    if (text === null) throw new UnmappableRecordError(`header ${key} is not UTF-8`);
    out[key] = text;
  }
  return out;
}

/**
 * A fetched record as Kafka bytes, at its offset relative to the batch's base offset. Strings
 * stay strings: the batch encoder writes their UTF-8 bytes in place.
 */
export function toKafkaRecord(record: FetchedRecord, baseOffset: number): RecordToEncode {
  const headers: RecordToEncode["headers"] = [];
  if (record.headers !== undefined) {
    for (const key in record.headers) headers.push({ key, value: record.headers[key] ?? null });
  }
  return {
    offsetDelta: record.offset - baseOffset,
    timestamp: record.timestamp,
    key: keyBytes(record),
    value: valueBytes(record),
    headers,
  };
}

function keyBytes(record: FetchedRecord): RecordBytes {
  if (record.keyBase64 !== undefined) return Buffer.from(record.keyBase64, "base64");
  return record.key ?? null;
}

function valueBytes(record: FetchedRecord): RecordBytes {
  if (record.valueBase64 !== undefined) return Buffer.from(record.valueBase64, "base64");
  const value = record.value;
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}
