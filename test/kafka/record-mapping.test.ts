// Kafka bytes → edgelog's JSON record (src/kafka/record-mapping.ts): valid UTF-8 as a string
// byte for byte (a real U+FFFD and a BOM included), anything else as base64; header values that
// are not UTF-8 are refused, never changed.
import { describe, expect, it } from "vitest";
import type { KafkaRecord } from "../../src/kafka/codec/record-batch.js";
import { toEdgelogRecord, UnmappableRecordError } from "../../src/kafka/record-mapping.js";

const record = (value: Buffer, headerValue: Buffer = Buffer.from("h")): KafkaRecord => ({
  offsetDelta: 0,
  timestamp: 1,
  key: value,
  value,
  headers: [{ key: "h", value: headerValue }],
});

describe("toEdgelogRecord", () => {
  it("sends valid UTF-8 as strings, whatever it holds, and anything else as base64", () => {
    const texts = ["plain", "Zoë ✓ 日本", "a real \uFFFD replacement", "\uFEFFwith a BOM", ""];
    for (const text of texts) {
      const bytes = Buffer.from(text, "utf8");
      const mapped = toEdgelogRecord(record(bytes), 2);
      expect(mapped, text).toMatchObject({ partition: 2, key: text, value: text });
      expect(Buffer.from(mapped.value as string, "utf8").equals(bytes)).toBe(true);
    }
    for (const bytes of [
      Buffer.from([0xff, 0x41]),
      Buffer.from([0xe2, 0x82]),
      Buffer.from("é", "latin1"),
    ]) {
      const mapped = toEdgelogRecord(record(bytes), 0);
      expect(mapped).toMatchObject({
        keyBase64: bytes.toString("base64"),
        valueBase64: bytes.toString("base64"),
      });
      expect(mapped).not.toHaveProperty("value");
    }
  });

  it("refuses a header value that is not UTF-8", () => {
    expect(() => toEdgelogRecord(record(Buffer.from("v"), Buffer.from([0xc3, 0x28])), 0)).toThrow(
      UnmappableRecordError,
    );
    expect(toEdgelogRecord(record(Buffer.from("v"), Buffer.from("\uFFFD")), 0).headers).toEqual({
      h: "\uFFFD",
    });
  });
});
