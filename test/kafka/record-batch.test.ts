// src/kafka's codec against kafkajs 2.2.4's encoders (test/fixtures/kafka/record-batches.json):
// varints, varlongs and compact strings byte for byte; record batches decoded to the records
// kafkajs was given, and encoded back to kafkajs's exact bytes (CRC-32C included).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as snappy from "snappyjs";
import { describe, expect, it } from "vitest";
import { COMPRESSION, compress, decompress } from "../../src/kafka/codec/compression.js";
import { crc32c } from "../../src/kafka/codec/crc32c.js";
import { KafkaReader } from "../../src/kafka/codec/reader.js";
import {
  CorruptBatchError,
  decodeRecordBatches,
  type KafkaRecord,
} from "../../src/kafka/codec/record-batch.js";
import { encodeRecordBatch } from "../../src/kafka/codec/record-batch-encode.js";
import { KafkaWriter } from "../../src/kafka/codec/writer.js";

interface FixtureRecord {
  offsetDelta: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Array<{ key: string; value: string | null }>;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "fixtures", "kafka", "record-batches.json"), "utf8"),
) as {
  records: FixtureRecord[];
  batches: Array<{
    name: string;
    compression: number;
    producer: { id: number; epoch: number; sequence: number };
    hex: string;
  }>;
  primitives: Array<{ type: string; value: number | string; hex: string }>;
};

const hexOrNull = (hex: string | null) => (hex === null ? null : Buffer.from(hex, "hex"));
const expectedRecords: KafkaRecord[] = fixture.records.map((r) => ({
  offsetDelta: r.offsetDelta,
  timestamp: r.timestamp,
  key: hexOrNull(r.key),
  value: hexOrNull(r.value),
  headers: r.headers.map((h) => ({ key: h.key, value: hexOrNull(h.value) })),
}));
const MAX_BYTES = 1 << 20;

describe("Kafka primitives", () => {
  it("writes and reads varints, varlongs, unsigned varints and compact strings as kafkajs does", () => {
    for (const { type, value, hex } of fixture.primitives) {
      const out = new KafkaWriter();
      if (type === "varint") out.varint(value as number);
      else if (type === "varlong") out.varlong(value as number);
      else if (type === "uvarint") out.uvarint(value as number);
      else out.str(true, value as string);
      expect(out.bytes().toString("hex"), `${type} ${value}`).toBe(hex);
      const reader = new KafkaReader(Buffer.from(hex, "hex"));
      const read =
        type === "varint"
          ? reader.varint()
          : type === "varlong"
            ? reader.varlong()
            : type === "uvarint"
              ? reader.uvarint()
              : reader.compactString();
      expect(read).toBe(value);
    }
  });

  it("computes CRC-32C's check value", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });
});

describe("record batches (magic 2)", () => {
  for (const batch of fixture.batches) {
    it(`decodes kafkajs's ${batch.name} batch to its records`, () => {
      const [decoded, ...rest] = decodeRecordBatches(Buffer.from(batch.hex, "hex"), MAX_BYTES);
      expect(rest).toEqual([]);
      expect(decoded?.records).toEqual(expectedRecords);
      expect(decoded).toMatchObject({
        baseOffset: 0,
        codec: batch.compression,
        producerId: batch.producer.id,
        producerEpoch: batch.producer.epoch,
        baseSequence: batch.producer.sequence,
        lastOffsetDelta: 2,
      });
    });
  }

  for (const batch of fixture.batches.filter((b) => b.compression === COMPRESSION.none)) {
    it(`encodes the ${batch.name} batch to kafkajs's bytes exactly`, () => {
      const bytes = encodeRecordBatch({
        baseOffset: 0,
        records: expectedRecords,
        partitionLeaderEpoch: 0,
        producerId: batch.producer.id,
        producerEpoch: batch.producer.epoch,
        baseSequence: batch.producer.sequence,
      });
      expect(bytes.toString("hex")).toBe(batch.hex);
    });
  }

  it("encodes string keys, values and header values as their UTF-8 bytes, as Buffers encode", () => {
    // Non-ASCII text takes more bytes than characters: the writer grows past its estimate.
    const texts = ["Zoë Dvořák", "日本茶-煎茶 ".repeat(40), "", "plain"];
    const asText = texts.map((text, i) => ({
      offsetDelta: i,
      timestamp: 1_700_000_000_000 + i,
      key: i === 2 ? null : `k-${text}`,
      value: text,
      headers: [{ key: "ünïcode", value: text }],
    }));
    const asBytes = asText.map((r) => ({
      ...r,
      key: r.key === null ? null : Buffer.from(r.key),
      value: Buffer.from(r.value),
      headers: r.headers.map((h) => ({ key: h.key, value: Buffer.from(h.value) })),
    }));
    const fromText = encodeRecordBatch({ baseOffset: 3, records: asText });
    expect(fromText.toString("hex")).toBe(
      encodeRecordBatch({ baseOffset: 3, records: asBytes }).toString("hex"),
    );
    expect(decodeRecordBatches(fromText, MAX_BYTES)[0]?.records).toEqual(asBytes);
  });

  it("round-trips every codec, and refuses a batch whose checksum is wrong", () => {
    for (const codec of Object.values(COMPRESSION)) {
      const bytes = encodeRecordBatch({ baseOffset: 7, records: expectedRecords, codec });
      const [decoded] = decodeRecordBatches(bytes, MAX_BYTES);
      expect(decoded?.records, `codec ${codec}`).toEqual(expectedRecords);
    }
    const plain = Buffer.from(fixture.batches[0]?.hex ?? "", "hex");
    plain.writeUInt8((plain.at(-1) ?? 0) ^ 0xff, plain.length - 1);
    expect(() => decodeRecordBatches(plain, MAX_BYTES)).toThrow(CorruptBatchError);
  });

  it("reads snappy in the Java client's xerial framing as well as raw", () => {
    const text = Buffer.from("edgelog ".repeat(1_000));
    const blocks = [text.subarray(0, 3_000), text.subarray(3_000)].map((b) =>
      Buffer.from(snappy.compress(b)),
    );
    const header = Buffer.from([
      0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1,
    ]);
    const framed = Buffer.concat([
      header,
      ...blocks.flatMap((b) => {
        const length = Buffer.alloc(4);
        length.writeInt32BE(b.length);
        return [length, b];
      }),
    ]);
    expect(decompress(COMPRESSION.snappy, framed, MAX_BYTES).equals(text)).toBe(true);
    expect(decompress(COMPRESSION.snappy, compress(COMPRESSION.snappy, text), MAX_BYTES)).toEqual(
      text,
    );
  });

  it("bounds what a compressed batch may expand to", () => {
    const zeros = Buffer.alloc(100_000);
    expect(() => decompress(COMPRESSION.gzip, compress(COMPRESSION.gzip, zeros), 1_000)).toThrow(
      /over 1000/,
    );
  });
});
