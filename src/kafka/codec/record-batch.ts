// Kafka's record batch, magic 2 (KIP-98): decoding what producers send (record-batch-encode.ts
// encodes what fetches answer). A Records field holds batches back to back; each carries its CRC-32C over everything after
// the checksum, its compression codec and its producer id/epoch/base sequence.
import { decompress } from "./compression.js";
import { crc32c } from "./crc32c.js";
import { KafkaDecodeError, KafkaReader } from "./reader.js";

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
export const CRC_START = 21;
/** batchLength counts from the leader epoch on: the header minus baseOffset and the length. */
export const LENGTH_FIELD_END = 12;

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

/** A batch whose checksum or framing is wrong: Kafka's CORRUPT_MESSAGE for its partition. */
export class CorruptBatchError extends Error {
  override readonly name = "CorruptBatchError";
}

/** A message set of magic 0 or 1: Kafka's UNSUPPORTED_FOR_MESSAGE_FORMAT for its partition. */
export class UnsupportedMagicError extends Error {
  override readonly name = "UnsupportedMagicError";
}
