// Kafka's record batch, magic 2 (KIP-98): decode what producers send, encode what fetches answer.
// A Records field holds batches back to back; each carries its CRC-32C over everything after
// the checksum, its compression codec and its producer id/epoch/base sequence.
import { COMPRESSION, type CompressionCodec, compress, decompress } from "./compression.js";
import { crc32c } from "./crc32c.js";
import { KafkaDecodeError, KafkaReader } from "./reader.js";
import { KafkaWriter } from "./writer.js";

export interface KafkaHeader {
  key: string;
  /** Raw bytes; null is a null header value. */
  value: Buffer | null;
}

export interface KafkaRecord {
  /** Offset delta from the batch's base offset. */
  offsetDelta: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeader[];
}

export interface RecordBatch {
  baseOffset: number;
  partitionLeaderEpoch: number;
  codec: number;
  /** Attributes bit 3: 1 is LogAppendTime. */
  logAppendTime: boolean;
  transactional: boolean;
  control: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  records: KafkaRecord[];
}

/** Batch header bytes up to and including the record count. */
export const BATCH_HEADER_BYTES = 61;
/** Where the checksummed part starts: after baseOffset, length, leader epoch, magic and crc. */
const CRC_START = 21;
/** batchLength counts from the leader epoch on: the header minus baseOffset and the length. */
const LENGTH_FIELD_END = 12;

const ATTRIBUTE_CODEC_MASK = 0x07;
const ATTRIBUTE_LOG_APPEND_TIME = 0x08;
const ATTRIBUTE_TRANSACTIONAL = 0x10;
const ATTRIBUTE_CONTROL = 0x20;

/**
 * Decodes every batch in a Records field. `decompressedBytesMax` bounds what a compressed batch
 * may expand to (a small zip bomb must not take the gateway's memory).
 */
export function decodeRecordBatches(data: Buffer, decompressedBytesMax: number): RecordBatch[] {
  const batches: RecordBatch[] = [];
  let at = 0;
  while (at < data.length) {
    if (data.length - at < LENGTH_FIELD_END) throw new KafkaDecodeError("truncated record batch");
    const length = data.readInt32BE(at + 8);
    const end = at + LENGTH_FIELD_END + length;
    if (length < BATCH_HEADER_BYTES - LENGTH_FIELD_END || end > data.length) {
      throw new KafkaDecodeError("truncated record batch");
    }
    batches.push(decodeBatch(data.subarray(at, end), decompressedBytesMax));
    at = end;
  }
  return batches;
}

function decodeBatch(bytes: Buffer, decompressedBytesMax: number): RecordBatch {
  const reader = new KafkaReader(bytes);
  const baseOffset = reader.int64();
  reader.int32();
  const partitionLeaderEpoch = reader.int32();
  const magic = reader.int8();
  if (magic !== 2) throw new UnsupportedMagicError(`record batch magic ${magic}, not 2`);
  const crc = reader.uint32();
  if (crc32c(bytes.subarray(CRC_START)) !== crc) throw new CorruptBatchError("CRC mismatch");
  const attributes = reader.int16();
  const batch: Omit<RecordBatch, "records"> = {
    baseOffset,
    partitionLeaderEpoch,
    codec: attributes & ATTRIBUTE_CODEC_MASK,
    logAppendTime: (attributes & ATTRIBUTE_LOG_APPEND_TIME) !== 0,
    transactional: (attributes & ATTRIBUTE_TRANSACTIONAL) !== 0,
    control: (attributes & ATTRIBUTE_CONTROL) !== 0,
    lastOffsetDelta: reader.int32(),
    baseTimestamp: reader.int64(),
    maxTimestamp: reader.int64(),
    producerId: reader.int64(),
    producerEpoch: reader.int16(),
    baseSequence: reader.int32(),
  };
  const count = reader.int32();
  const body = decompress(batch.codec, reader.raw(reader.remaining), decompressedBytesMax);
  const records = decodeRecords(new KafkaReader(body), count, batch.baseTimestamp);
  return { ...batch, records };
}

function decodeRecords(reader: KafkaReader, count: number, baseTimestamp: number): KafkaRecord[] {
  // A record takes at least 7 bytes: a larger count is garbage, not an allocation to attempt.
  if (count < 0 || count * 7 > reader.remaining) {
    throw new KafkaDecodeError(`record count ${count} for ${reader.remaining} bytes`);
  }
  const records: KafkaRecord[] = [];
  for (let i = 0; i < count; i++) {
    const length = reader.varint();
    const end = reader.offset + length;
    if (length < 0 || end > reader.buffer.length) throw new KafkaDecodeError("truncated record");
    reader.int8();
    const timestamp = baseTimestamp + reader.varlong();
    const offsetDelta = reader.varint();
    const key = varBytes(reader);
    const value = varBytes(reader);
    const headerCount = reader.varint();
    if (headerCount < 0 || headerCount > reader.remaining) {
      throw new KafkaDecodeError(`header count ${headerCount}`);
    }
    const headers: KafkaHeader[] = [];
    for (let h = 0; h < headerCount; h++) {
      const headerKey = varBytes(reader);
      if (headerKey === null) throw new KafkaDecodeError("null header key");
      headers.push({ key: headerKey.toString("utf8"), value: varBytes(reader) });
    }
    if (reader.offset !== end) throw new KafkaDecodeError("record length mismatch");
    records.push({ offsetDelta, timestamp, key, value, headers });
  }
  return records;
}

function varBytes(reader: KafkaReader): Buffer | null {
  const length = reader.varint();
  if (length < -1) throw new KafkaDecodeError(`negative length ${length}`);
  return length === -1 ? null : reader.raw(length);
}

export interface BatchToEncode {
  baseOffset: number;
  records: KafkaRecord[];
  codec?: CompressionCodec;
  partitionLeaderEpoch?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
}

/** One batch, its checksum computed; records keep their offset deltas and timestamps. */
export function encodeRecordBatch(batch: BatchToEncode): Buffer {
  const codec = batch.codec ?? COMPRESSION.none;
  const first = batch.records[0];
  const baseTimestamp = first === undefined ? -1 : first.timestamp;
  let maxTimestamp = baseTimestamp;
  const body = new KafkaWriter(estimatedBytes(batch.records));
  for (const record of batch.records) {
    if (record.timestamp > maxTimestamp) maxTimestamp = record.timestamp;
    writeRecord(body, record, baseTimestamp);
  }
  const last = batch.records[batch.records.length - 1];
  const records = compress(codec, body.bytes());
  const out = new KafkaWriter(BATCH_HEADER_BYTES + records.length);
  out.int64(batch.baseOffset);
  out.int32(BATCH_HEADER_BYTES - LENGTH_FIELD_END + records.length);
  out.int32(batch.partitionLeaderEpoch ?? -1);
  out.int8(2);
  out.uint32(0);
  out.int16(codec);
  out.int32(last === undefined ? -1 : last.offsetDelta);
  out.int64(baseTimestamp);
  out.int64(maxTimestamp);
  out.int64(batch.producerId ?? -1);
  out.int16(batch.producerEpoch ?? -1);
  out.int32(batch.baseSequence ?? -1);
  out.int32(batch.records.length);
  out.raw(records);
  const bytes = Buffer.from(out.bytes());
  bytes.writeUInt32BE(crc32c(bytes.subarray(CRC_START)), CRC_START - 4);
  return bytes;
}

/** About what the records take encoded: their bytes plus a record's fixed fields and lengths. */
function estimatedBytes(records: KafkaRecord[]): number {
  let bytes = 0;
  for (const record of records) {
    bytes += 24 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
    for (const header of record.headers)
      bytes += 8 + header.key.length + (header.value?.length ?? 0);
  }
  return bytes;
}

/**
 * One record, its length first: the body's size is summed before writing, so no record needs a
 * buffer of its own (a fetch encodes thousands of them).
 */
function writeRecord(out: KafkaWriter, record: KafkaRecord, baseTimestamp: number): void {
  const timestampDelta = record.timestamp - baseTimestamp;
  const headerKeys = record.headers.map((h) => Buffer.from(h.key, "utf8"));
  let size =
    1 +
    varlongBytes(timestampDelta) +
    varintBytes(record.offsetDelta) +
    varBytesSize(record.key) +
    varBytesSize(record.value) +
    varintBytes(record.headers.length);
  record.headers.forEach((header, i) => {
    size += varBytesSize(headerKeys[i] as Buffer) + varBytesSize(header.value);
  });
  out.varint(size);
  out.int8(0);
  out.varlong(timestampDelta);
  out.varint(record.offsetDelta);
  writeVarBytes(out, record.key);
  writeVarBytes(out, record.value);
  out.varint(record.headers.length);
  record.headers.forEach((header, i) => {
    writeVarBytes(out, headerKeys[i] as Buffer);
    writeVarBytes(out, header.value);
  });
}

/** Bytes of a zig-zag varint (32 bits). */
function varintBytes(value: number): number {
  let rest = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (rest >= 0x80) {
    rest = Math.floor(rest / 0x80);
    bytes++;
  }
  return bytes;
}

/** Bytes of a zig-zag varlong; values stay within 2^53 here, so the same arithmetic holds. */
function varlongBytes(value: number): number {
  return varintBytes(value);
}

function varBytesSize(bytes: Buffer | null): number {
  return bytes === null ? 1 : varintBytes(bytes.length) + bytes.length;
}

function writeVarBytes(out: KafkaWriter, bytes: Buffer | null): void {
  if (bytes === null) {
    out.varint(-1);
    return;
  }
  out.varint(bytes.length);
  out.raw(bytes);
}

/** A batch whose checksum or framing is wrong: Kafka's CORRUPT_MESSAGE for its partition. */
export class CorruptBatchError extends Error {
  override readonly name = "CorruptBatchError";
}

/** A message set of magic 0 or 1: Kafka's UNSUPPORTED_FOR_MESSAGE_FORMAT for its partition. */
export class UnsupportedMagicError extends Error {
  override readonly name = "UnsupportedMagicError";
}
