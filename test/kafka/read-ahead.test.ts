// Read-ahead pages (src/kafka/read-ahead.ts): used once, only for exactly their offset and while
// fresh; at most KAFKA_READ_AHEAD_PARTITIONS_MAX per connection; a failed read is not used.
import { describe, expect, it } from "vitest";
import { ReadAhead } from "../../src/kafka/read-ahead.js";
import {
  KAFKA_READ_AHEAD_MS_MAX,
  KAFKA_READ_AHEAD_PARTITIONS_MAX,
} from "../../src/protocol/limits.js";
import type { FetchResponse } from "../../src/protocol/types.js";

const page = (nextOffset: number): FetchResponse => ({
  records: [],
  nextOffset,
  highWatermark: nextOffset,
  logStartOffset: 0,
});

describe("ReadAhead", () => {
  it("hands a page out once, for its offset only, within KAFKA_READ_AHEAD_MS_MAX", async () => {
    const ahead = new ReadAhead();
    ahead.start("t", 0, 10, 0, async () => page(20));
    expect(ahead.take("t", 0, 11, 1)).toBeUndefined();
    ahead.start("t", 0, 10, 0, async () => page(20));
    expect(await ahead.take("t", 0, 10, KAFKA_READ_AHEAD_MS_MAX)).toEqual(page(20));
    expect(ahead.take("t", 0, 10, KAFKA_READ_AHEAD_MS_MAX)).toBeUndefined();
    ahead.start("t", 0, 10, 0, async () => page(20));
    expect(ahead.take("t", 0, 10, KAFKA_READ_AHEAD_MS_MAX + 1)).toBeUndefined();
  });

  it("keeps at most KAFKA_READ_AHEAD_PARTITIONS_MAX pages, forgetting the oldest", async () => {
    const ahead = new ReadAhead();
    for (let p = 0; p <= KAFKA_READ_AHEAD_PARTITIONS_MAX; p++) {
      ahead.start("t", p, 0, 0, async () => page(p));
    }
    expect(ahead.take("t", 0, 0, 0)).toBeUndefined();
    expect(await ahead.take("t", 1, 0, 0)).toEqual(page(1));
    expect(await ahead.take("t", KAFKA_READ_AHEAD_PARTITIONS_MAX, 0, 0)).toEqual(
      page(KAFKA_READ_AHEAD_PARTITIONS_MAX),
    );
  });

  it("answers null for a read that failed, so the caller reads afresh", async () => {
    const ahead = new ReadAhead();
    ahead.start("t", 0, 5, 0, () => Promise.reject(new Error("UNAVAILABLE")));
    expect(await ahead.take("t", 0, 5, 0)).toBeNull();
  });
});
