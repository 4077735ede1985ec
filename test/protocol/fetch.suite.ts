// Fetch over HTTP: offsets, limits, long-poll, and the offsets endpoint.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";

async function topicWith(api: Api, count: number, batch = count): Promise<string> {
  const topic = uniqueTopic();
  await api.createTopic(topic);
  for (let i = 0; i < count; i += batch) {
    const records = Array.from({ length: Math.min(batch, count - i) }, (_, j) => ({
      key: `k${i + j}`,
      value: i + j,
    }));
    await api.produce(topic, records);
  }
  return topic;
}

export function fetchSuite(api: Api): void {
  describe("fetch", () => {
    it("starts at the log start offset and pages with nextOffset", async () => {
      const topic = await topicWith(api, 25, 10);
      const first = await api.fetch(topic, 0, { maxRecords: 7 });
      expect(first.status).toBe(200);
      expect(first.body.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(first.body).toMatchObject({ nextOffset: 7, highWatermark: 25, logStartOffset: 0 });
      // From the middle of a stored batch, across batch boundaries.
      const middle = await api.fetch(topic, 0, { offset: 13, maxRecords: 10 });
      expect(middle.body.records.map((r) => r.value)).toEqual([
        13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
      ]);
      expect(middle.body.nextOffset).toBe(23);
      const all = await api.fetchAll(topic, 0);
      expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    });

    it("answers an empty list at the log end offset without waiting", async () => {
      const topic = await topicWith(api, 3);
      const atEnd = await api.fetch(topic, 0, { offset: 3 });
      expect(atEnd.status).toBe(200);
      expect(atEnd.body).toEqual({
        records: [],
        nextOffset: 3,
        highWatermark: 3,
        logStartOffset: 0,
      });
    });

    it("returns at least one record, and stops before maxBytes after that", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const value = "z".repeat(1000);
      await api.produce(
        topic,
        Array.from({ length: 10 }, () => ({ value })),
      );
      const one = await api.fetch(topic, 0, { maxBytes: 1 });
      expect(one.body.records).toHaveLength(1);
      const some = await api.fetch(topic, 0, { maxBytes: 3500 });
      expect(some.body.records).toHaveLength(3);
      expect(some.body.nextOffset).toBe(3);
    });

    it("answers OFFSET_OUT_OF_RANGE past the log end, with the valid range", async () => {
      const topic = await topicWith(api, 3);
      const past = await api.fetch(topic, 0, { offset: 4 });
      const body = expectError(past, 416, "OFFSET_OUT_OF_RANGE");
      expect(body.error.details).toEqual({ logStartOffset: 0, highWatermark: 3 });
    });

    it("rejects malformed and out-of-bounds parameters with INVALID_REQUEST", async () => {
      const topic = await topicWith(api, 1);
      const bad: Array<Record<string, string | number>> = [
        { offset: -1 },
        { offset: "abc" },
        { offset: 1.5 },
        { maxRecords: 0 },
        { maxRecords: 10_001 },
        { maxBytes: 0 },
        { maxBytes: 8 * 1024 * 1024 + 1 },
        { waitMs: -1 },
        { waitMs: 30_001 },
      ];
      for (const query of bad) {
        expectError(await api.fetch(topic, 0, query), 400, "INVALID_REQUEST");
      }
      const atLimits = await api.fetch(topic, 0, {
        maxRecords: 10_000,
        maxBytes: 8 * 1024 * 1024,
        waitMs: 0,
      });
      expect(atLimits.status).toBe(200);
      expectError(await api.fetch(topic, 1), 404, "PARTITION_NOT_FOUND");
      expectError(await api.fetch(uniqueTopic(), 0), 404, "TOPIC_NOT_FOUND");
      const badPartition = await api.request("GET", `/v1/topics/${topic}/partitions/x/records`);
      expectError(badPartition, 400, "INVALID_REQUEST");
    });

    it("long-polls: answers within 100 ms of a record arriving", async () => {
      const topic = await topicWith(api, 1);
      const started = Date.now();
      let answeredAt = 0;
      const poll = api.fetch(topic, 0, { offset: 1, waitMs: 10_000 }).then((answer) => {
        answeredAt = Date.now();
        return answer;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await api.produce(topic, [{ value: "wake up" }]);
      const acknowledgedAt = Date.now();
      const answer = await poll;
      expect(answer.body.records.map((r) => r.value)).toEqual(["wake up"]);
      expect(acknowledgedAt - started).toBeGreaterThanOrEqual(250);
      expect(answeredAt - acknowledgedAt).toBeLessThan(100);
    });

    it("long-polls: answers an empty list at the deadline", async () => {
      const topic = await topicWith(api, 1);
      const started = Date.now();
      const answer = await api.fetch(topic, 0, { offset: 1, waitMs: 400 });
      const elapsed = Date.now() - started;
      expect(answer.body.records).toEqual([]);
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(2000);
    });
  });

  describe("offsets", () => {
    it("reports log start, high watermark and log end", async () => {
      const topic = await topicWith(api, 5);
      const answer = await api.offsets(topic, 0);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ logStartOffset: 0, highWatermark: 5, logEndOffset: 5 });
    });

    it("finds the first offset at or after a timestamp, or null", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      await api.produce(topic, [
        { value: 0, timestamp: 1000 },
        { value: 1, timestamp: 3000 },
      ]);
      await api.produce(topic, [
        { value: 2, timestamp: 2000 },
        { value: 3, timestamp: 5000 },
      ]);
      const at = async (timestamp: number) => (await api.offsets(topic, 0, timestamp)).body.offset;
      expect(await at(0)).toBe(0);
      expect(await at(1000)).toBe(0);
      expect(await at(1001)).toBe(1);
      expect(await at(2500)).toBe(1);
      expect(await at(4000)).toBe(3);
      expect(await at(5001)).toBeNull();
      const bad = await api.request("GET", `/v1/topics/${topic}/partitions/0/offsets?timestamp=x`);
      expectError(bad, 400, "INVALID_REQUEST");
      expectError(await api.offsets(topic, 3), 404, "PARTITION_NOT_FOUND");
      expectError(await api.offsets(uniqueTopic(), 0), 404, "TOPIC_NOT_FOUND");
    });
  });
}
