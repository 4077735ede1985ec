// Reading Kafka's consumer protocol bytes (subscription topics, assignment partitions) that
// classic consumer groups carry opaquely; anything else reads as null, never an exception.
import { describe, expect, it } from "vitest";
import { assignmentPartitions, subscriptionTopics } from "../../src/groups/consumer-protocol.js";

/** Big-endian bytes from int16/int32/string pieces, base64: how Kafka clients encode them. */
function encode(parts: Array<["i16" | "i32", number] | ["str", string]>): string {
  const bytes: number[] = [];
  for (const [kind, value] of parts) {
    if (kind === "str") {
      const text = new TextEncoder().encode(value);
      bytes.push(text.length >> 8, text.length & 0xff, ...text);
    } else if (kind === "i16") bytes.push((value >> 8) & 0xff, value & 0xff);
    else bytes.push((value >>> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
  }
  return btoa(String.fromCharCode(...bytes));
}

describe("consumer protocol", () => {
  it("reads a subscription's topics, ignoring user data and owned partitions after them", () => {
    const v1 = encode([
      ["i16", 1],
      ["i32", 2],
      ["str", "orders"],
      ["str", "payments"],
      ["i32", -1],
      ["i32", 0],
    ]);
    expect(subscriptionTopics(v1)).toEqual(["orders", "payments"]);
  });

  it("reads an assignment's partitions by topic; an empty assignment is none", () => {
    const bytes = encode([
      ["i16", 0],
      ["i32", 1],
      ["str", "orders"],
      ["i32", 3],
      ["i32", 0],
      ["i32", 2],
      ["i32", 4],
      ["i32", -1],
    ]);
    expect(assignmentPartitions(bytes)).toEqual([{ topic: "orders", partitions: [0, 2, 4] }]);
    expect(assignmentPartitions("")).toEqual([]);
  });

  it("answers null for bytes that are not the consumer protocol", () => {
    expect(
      subscriptionTopics(
        encode([
          ["i16", 0],
          ["i32", 1000],
        ]),
      ),
    ).toBeNull();
    expect(subscriptionTopics("not base64!")).toBeNull();
    expect(
      assignmentPartitions(
        encode([
          ["i16", 0],
          ["i32", 1],
          ["str", "x"],
        ]),
      ),
    ).toBeNull();
    expect(
      subscriptionTopics(btoa("\u0000\u0000\u0000\u0000\u0000\u0001\u0000\u0002\xff\xfe")),
    ).toBeNull();
  });
});
