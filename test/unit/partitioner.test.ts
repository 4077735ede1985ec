// murmur2 bit-for-bit against Kafka's own UtilsTest values and the kafkajs-generated vectors.
import { describe, expect, it } from "vitest";
import { base64ToBytes } from "../../src/log/record-codec.js";
import { murmur2, partitionForKey, toPositive } from "../../src/partitioner.js";
import vectors from "../fixtures/partitioner-vectors.json";

const utf8 = new TextEncoder();

describe("murmur2", () => {
  it("matches org.apache.kafka.common.utils.UtilsTest#testMurmur2", () => {
    const cases: Array<[string, number]> = [
      ["21", -973932308],
      ["foobar", -790332482],
      ["a-little-bit-long-string", -985981536],
      ["a-little-bit-longer-string", -1486304829],
      ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
      ["abc", 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(utf8.encode(key))).toBe(hash);
  });

  it("matches every kafkajs vector's hash and partition", () => {
    for (const v of vectors as Array<{
      key?: string;
      keyBase64?: string;
      hash: number;
      partitions: number;
      partition: number;
    }>) {
      const bytes = v.key !== undefined ? utf8.encode(v.key) : base64ToBytes(v.keyBase64 ?? "");
      expect(murmur2(bytes)).toBe(v.hash);
      expect(partitionForKey(bytes, v.partitions)).toBe(v.partition);
    }
  });

  it("makes hashes positive the way Java's toPositive does", () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
  });
});
