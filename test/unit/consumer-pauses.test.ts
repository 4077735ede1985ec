// The consumer's paused set: a topic pauses all its partitions, a partition alone pauses only
// itself, and resuming a topic also resumes its partitions paused one by one.
import { describe, expect, it } from "vitest";
import { PausedPartitions } from "../../src/client/consumer-pauses.js";

describe("PausedPartitions", () => {
  it("pauses a whole topic, or single partitions", () => {
    const paused = new PausedPartitions();
    paused.pause([{ topic: "a" }, { topic: "b", partitions: [1] }]);
    expect(paused.has("a", 0)).toBe(true);
    expect(paused.has("a", 7)).toBe(true);
    expect(paused.has("b", 1)).toBe(true);
    expect(paused.has("b", 0)).toBe(false);
    expect(paused.has("c", 1)).toBe(false);
  });

  it("resumes single partitions, and a topic with every partition paused alone", () => {
    const paused = new PausedPartitions();
    paused.pause([
      { topic: "b", partitions: [0, 1, 2] },
      { topic: "bb", partitions: [0] },
    ]);
    paused.resume([{ topic: "b", partitions: [1] }]);
    expect([0, 1, 2].map((p) => paused.has("b", p))).toEqual([true, false, true]);
    paused.resume([{ topic: "b" }]);
    expect([0, 1, 2].map((p) => paused.has("b", p))).toEqual([false, false, false]);
    // A topic whose name starts with another's is a different topic.
    expect(paused.has("bb", 0)).toBe(true);
  });

  it("keeps a paused topic paused when one of its partitions is resumed", () => {
    const paused = new PausedPartitions();
    paused.pause([{ topic: "a" }]);
    paused.resume([{ topic: "a", partitions: [0] }]);
    expect(paused.has("a", 0)).toBe(true);
  });
});
