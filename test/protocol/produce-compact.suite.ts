// The compact produce answer (`?answer=compact`): one entry per partition with its base offset
// and count, the same records appended as with the default answer; per-partition errors (207),
// idempotent duplicates, NDJSON and the parameter's own validation.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";
import { fault } from "../support/replication.js";
import { initProducer } from "./producers.suite.js";

interface CompactEntry {
  partition: number;
  baseOffset?: number;
  count: number;
  timestamp?: number;
  timestamps?: number[];
  duplicate?: boolean;
  error?: { code: string; retriable: boolean };
}

interface CompactAnswer {
  partitions: CompactEntry[];
  duplicate?: boolean;
}

export function produceCompactSuite(api: Api): void {
  const produceCompact = (topic: string, body: unknown, query = "") =>
    api.request<CompactAnswer>("POST", `/v1/topics/${topic}/records?answer=compact${query}`, body);

  describe("compact produce answer", () => {
    it("gives each partition its base offset and count, in order of first appearance", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 4 });
      await api.produce(topic, [{ value: "earlier", partition: 2 }]);
      const before = Date.now();
      const answer = await produceCompact(topic, {
        records: [
          { value: "a", partition: 2 },
          { value: "b", partition: 0 },
          { value: "c", partition: 2, timestamp: 1_000 },
          { value: "d", partition: 0 },
          { value: "e", partition: 2 },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.duplicate).toBeUndefined();
      const [two, zero] = answer.body.partitions;
      expect(answer.body.partitions).toHaveLength(2);
      expect(two).toMatchObject({ partition: 2, baseOffset: 1, count: 3 });
      expect(zero).toMatchObject({ partition: 0, baseOffset: 0, count: 2 });
      expect(two?.timestamp).toBeGreaterThanOrEqual(before - 1000);
      // The entry says where each record went: request order within each partition.
      const onTwo = await api.fetchAll(topic, 2);
      expect(onTwo.map((r) => [r.offset, r.value])).toEqual([
        [0, "earlier"],
        [1, "a"],
        [2, "c"],
        [3, "e"],
      ]);
      // Records without a timestamp carry the entry's; a given one is kept.
      expect(onTwo.slice(1).map((r) => r.timestamp)).toEqual([
        two?.timestamp,
        1_000,
        two?.timestamp,
      ]);
      const onZero = await api.fetchAll(topic, 0);
      expect(onZero.map((r) => [r.offset, r.value, r.timestamp])).toEqual([
        [0, "b", zero?.timestamp],
        [1, "d", zero?.timestamp],
      ]);
    });

    it("answers NDJSON compactly too, and 202 with no body for acks 0", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const ndjson = await api.request<CompactAnswer>(
        "POST",
        `/v1/topics/${topic}/records?acks=1&answer=compact`,
        '{"value":1}\n{"value":2}\n{"value":3}\n',
        { "content-type": "application/x-ndjson" },
      );
      expect(ndjson.status).toBe(200);
      expect(ndjson.body.partitions).toMatchObject([{ partition: 0, baseOffset: 0, count: 3 }]);
      const fire = await produceCompact(topic, { records: [{ value: 4 }], acks: 0 });
      expect(fire.status).toBe(202);
      expect(fire.body).toBeNull();
      // The default and the explicit `offsets` answer list every record.
      const listed = await api.request<{ offsets: unknown[] }>(
        "POST",
        `/v1/topics/${topic}/records?answer=offsets`,
        { records: [{ value: 5 }, { value: 6 }] },
      );
      expect(listed.status).toBe(200);
      expect(listed.body.offsets).toHaveLength(2);
    });

    it("refuses an answer form it does not know, before appending anything", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      for (const form of ["", "Compact", "offsets,compact", "x".repeat(100)]) {
        const refused = await api.request(
          "POST",
          `/v1/topics/${topic}/records?answer=${encodeURIComponent(form)}`,
          { records: [{ value: 1 }] },
        );
        expectError(refused, 400, "INVALID_REQUEST");
      }
      expect(await api.fetchAll(topic, 0)).toEqual([]);
    });

    it("answers 207 with the failed partition's error and count in its entry", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      await fault(api, topic, 0, "down", undefined, 1);
      const answer = await produceCompact(topic, {
        records: [
          { value: "a", partition: 0 },
          { value: "b", partition: 1 },
          { value: "c", partition: 0 },
          { value: "d", partition: 1 },
        ],
      });
      expect(answer.status).toBe(207);
      expect(answer.body.partitions).toMatchObject([
        { partition: 0, baseOffset: 0, count: 2 },
        { partition: 1, count: 2, error: { code: "UNAVAILABLE", retriable: true } },
      ]);
      expect(answer.body.partitions[1]?.baseOffset).toBeUndefined();
      // Every partition failing is a plain error answer, as with the default form.
      expectError(
        await produceCompact(topic, { records: [{ value: "e", partition: 1 }] }),
        503,
        "UNAVAILABLE",
      );
      await fault(api, topic, 0, "up", undefined, 1);
    });

    it("answers a retried idempotent batch with its original offsets and stored timestamps", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      const producer = await initProducer(api, uniqueTopic("p"));
      const batch = (sequence: number, values: unknown[]) => ({
        records: values.map((value, i) => ({
          value,
          partition: 1,
          ...(i === 0 ? { timestamp: 7 } : {}),
        })),
        producer: { ...producer, sequence },
      });
      const first = await produceCompact(topic, batch(0, ["a", "b"]));
      expect(first.status).toBe(200);
      const entry = first.body.partitions[0] as CompactEntry;
      expect(entry).toMatchObject({ partition: 1, baseOffset: 0, count: 2 });
      for (let retry = 0; retry < 2; retry++) {
        const again = await produceCompact(topic, batch(0, ["a", "b"]));
        expect(again.status).toBe(200);
        expect(again.body).toEqual({
          partitions: [
            {
              partition: 1,
              baseOffset: 0,
              count: 2,
              timestamps: [7, entry.timestamp],
              duplicate: true,
            },
          ],
          duplicate: true,
        });
      }
      const next = await produceCompact(topic, batch(1, ["c"]));
      expect(next.body.partitions).toMatchObject([{ partition: 1, baseOffset: 2, count: 1 }]);
      expect(next.body.partitions[0]?.duplicate).toBeUndefined();
      expect((await api.fetchAll(topic, 1)).map((r) => r.value)).toEqual(["a", "b", "c"]);
    });
  });
}
