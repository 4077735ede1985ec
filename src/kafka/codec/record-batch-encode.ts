// Encodes one record batch, magic 2 (KIP-98), as a Fetch answers it. Uncompressed (what fetches
// send), the header, every record and the checksum are written into one buffer sized up front:
// no buffer per record, per value or per step. Values may be strings, written as their UTF-8
// bytes straight from the fetched JSON (a Buffer of their own was most of a fetch's garbage).
import { COMPRESSION, type CompressionCodec, compress } from "./compression.js";
import { crc32c } from "./crc32c.js";
import { BATCH_HEADER_BYTES, CRC_START, LENGTH_FIELD_END } from "./record-batch.js";
import { KafkaWriter } from "./writer.js";

/** A key, value or header value to write: bytes, a string as its UTF-8 bytes, or null. */
export type RecordBytes = Uint8Array | string | null;

export interface RecordToEncode {
  /** Offset delta from the batch's base offset. */
  offsetDelta: number;
  timestamp: number;
  key: RecordBytes;
  value: RecordBytes;
  headers: Array<{ key: string; value: RecordBytes }>;
}

export interface BatchToEncode {
  baseOffset: number;
  records: RecordToEncode[];
  codec?: CompressionCodec;
  partitionLeaderEpoch?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
}

/** One batch, its checksum computed; records keep their offset deltas and timestamps. */
export function encodeRecordBatch(batch: BatchToEncode): Buffer {
  const codec = batch.codec ?? COMPRESSION.none;
  const { records } = batch;
  const first = records[0];
  const baseTimestamp = first === undefined ? -1 : first.timestamp;
  let maxTimestamp = baseTimestamp;
  const out = new KafkaWriter(BATCH_HEADER_BYTES + estimatedBytes(records));
  out.skip(BATCH_HEADER_BYTES);
  const body = codec === COMPRESSION.none ? out : new KafkaWriter(estimatedBytes(records));
  for (const record of records) {
    if (record.timestamp > maxTimestamp) maxTimestamp = record.timestamp;
    writeRecord(body, record, baseTimestamp);
  }
  if (body !== out) out.raw(compress(codec, body.bytes()));
  const bytes = out.bytes();
  const last = records[records.length - 1];
  bytes.writeBigInt64BE(BigInt(batch.baseOffset), 0);
  bytes.writeInt32BE(bytes.length - LENGTH_FIELD_END, 8);
  bytes.writeInt32BE(batch.partitionLeaderEpoch ?? -1, 12);
  bytes.writeInt8(2, 16);
  bytes.writeInt16BE(codec, CRC_START);
  bytes.writeInt32BE(last === undefined ? -1 : last.offsetDelta, 23);
  bytes.writeBigInt64BE(BigInt(baseTimestamp), 27);
  bytes.writeBigInt64BE(BigInt(maxTimestamp), 35);
  bytes.writeBigInt64BE(BigInt(batch.producerId ?? -1), 43);
  bytes.writeInt16BE(batch.producerEpoch ?? -1, 51);
  bytes.writeInt32BE(batch.baseSequence ?? -1, 53);
  bytes.writeInt32BE(records.length, 57);
  bytes.writeUInt32BE(crc32c(bytes.subarray(CRC_START)), CRC_START - 4);
  return bytes;
}

/** About what the records take encoded (a string's length in characters is its ASCII size). */
function estimatedBytes(records: RecordToEncode[]): number {
  let bytes = 0;
  for (const record of records) {
    bytes += 24 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
    for (const header of record.headers) {
      bytes += 8 + header.key.length + (header.value?.length ?? 0);
    }
  }
  return bytes;
}

/** Byte length of a key or value; -1 for null. */
function lengthOf(bytes: RecordBytes): number {
  if (bytes === null) return -1;
  return typeof bytes === "string" ? Buffer.byteLength(bytes, "utf8") : bytes.length;
}

/**
 * One record, its length first: the body's size is summed before writing, so no record needs a
 * buffer of its own (a fetch encodes thousands of them).
 */
function writeRecord(out: KafkaWriter, record: RecordToEncode, baseTimestamp: number): void {
  const timestampDelta = record.timestamp - baseTimestamp;
  const keyLength = lengthOf(record.key);
  const valueLength = lengthOf(record.value);
  const { headers } = record;
  let size =
    1 +
    varintBytes(timestampDelta) +
    varintBytes(record.offsetDelta) +
    varBytesSize(keyLength) +
    varBytesSize(valueLength) +
    varintBytes(headers.length);
  for (const header of headers) {
    size += varBytesSize(Buffer.byteLength(header.key, "utf8"));
    size += varBytesSize(lengthOf(header.value));
  }
  out.varint(size);
  out.int8(0);
  out.varlong(timestampDelta);
  out.varint(record.offsetDelta);
  writeVarBytes(out, record.key, keyLength);
  writeVarBytes(out, record.value, valueLength);
  out.varint(headers.length);
  for (const header of headers) {
    writeVarBytes(out, header.key, Buffer.byteLength(header.key, "utf8"));
    writeVarBytes(out, header.value, lengthOf(header.value));
  }
}

/**
 * Bytes of a zig-zag varint or varlong: values stay within 2^53 here, so the same arithmetic
 * holds for both.
 */
function varintBytes(value: number): number {
  let rest = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (rest >= 0x80) {
    rest = Math.floor(rest / 0x80);
    bytes++;
  }
  return bytes;
}

function varBytesSize(length: number): number {
  return length < 0 ? 1 : varintBytes(length) + length;
}

function writeVarBytes(out: KafkaWriter, bytes: RecordBytes, length: number): void {
  out.varint(length);
  if (bytes === null) return;
  if (typeof bytes === "string") out.utf8(bytes, length);
  else out.raw(bytes);
}
