// The four compression codecs of a record batch (attributes bits 0–2): gzip and zstd from
// node:zlib (zstd since Node 22.15), snappy and lz4 from pure-JavaScript libraries (snappyjs,
// lz4js) so the gateway bundles into one file and installs without a native build. Snappy
// accepts both raw blocks and the Java client's xerial framing, which librdkafka and KafkaJS
// read too; lz4 is the LZ4 frame format that magic 2 batches use (KIP-57).
import * as zlib from "node:zlib";
import * as lz4 from "lz4js";
import * as snappy from "snappyjs";
import { KafkaDecodeError } from "./reader.js";

export const COMPRESSION = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
export type CompressionCodec = (typeof COMPRESSION)[keyof typeof COMPRESSION];

/** The xerial snappy-java stream header: magic, then version and compatible version (int32). */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

/** The decompressed size of one batch is bounded by the caller (the frame limit × this). */
export function decompress(codec: number, data: Buffer, bytesMax: number): Buffer {
  const out = inflate(codec, data);
  if (out.length > bytesMax) {
    throw new KafkaDecodeError(`decompressed batch of ${out.length} bytes over ${bytesMax}`);
  }
  return out;
}

function inflate(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case COMPRESSION.none:
        return data;
      case COMPRESSION.gzip:
        return zlib.gunzipSync(data);
      case COMPRESSION.snappy:
        return snappyDecompress(data);
      case COMPRESSION.lz4:
        return Buffer.from(lz4.decompress(data));
      case COMPRESSION.zstd:
        return zstd().decompress(data);
    }
  } catch (err) {
    if (err instanceof KafkaDecodeError) throw err;
    throw new KafkaDecodeError(`corrupt compressed records (codec ${codec})`);
  }
  throw new KafkaDecodeError(`unknown compression codec ${codec}`);
}

export function compress(codec: CompressionCodec, data: Buffer): Buffer {
  switch (codec) {
    case COMPRESSION.none:
      return data;
    case COMPRESSION.gzip:
      return zlib.gzipSync(data);
    case COMPRESSION.snappy:
      return Buffer.from(snappy.compress(data));
    case COMPRESSION.lz4:
      return Buffer.from(lz4.compress(data));
    case COMPRESSION.zstd:
      return zstd().compress(data);
  }
}

function snappyDecompress(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_BYTES || !data.subarray(0, 8).equals(XERIAL_MAGIC)) {
    return Buffer.from(snappy.uncompress(data));
  }
  const blocks: Buffer[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < data.length) {
    if (at + 4 > data.length) throw new KafkaDecodeError("truncated xerial snappy block");
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > data.length) {
      throw new KafkaDecodeError("truncated xerial snappy block");
    }
    blocks.push(Buffer.from(snappy.uncompress(data.subarray(at, at + length))));
    at += length;
  }
  return Buffer.concat(blocks);
}

/**
 * Node's zstd (22.15 and later), looked up when used: the CLI bundle also loads on older Node,
 * where a zstd batch is then a corrupt one for its partition.
 */
function zstd(): { compress(data: Buffer): Buffer; decompress(data: Buffer): Buffer } {
  const { zstdCompressSync, zstdDecompressSync } = zlib as Partial<typeof zlib>;
  if (zstdCompressSync === undefined || zstdDecompressSync === undefined) {
    throw new KafkaDecodeError(`zstd needs Node 22.15 or later (this is ${process.version})`);
  }
  return { compress: (d) => zstdCompressSync(d), decompress: (d) => zstdDecompressSync(d) };
}
