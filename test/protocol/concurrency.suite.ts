// Concurrent producers into one partition: offsets unique and dense, every record exactly once.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";

const PRODUCERS = 8;
const BATCHES = 50;
const BATCH_RECORDS = 5;

export function concurrencySuite(api: Api): void {
  describe("concurrent producers", () => {
    it(`${PRODUCERS} producers × ${BATCHES} batches: dense offsets, each record once, intact`, async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 3 });
      const sent = new Map<
        number,
        { key: string; value: unknown; headers: Record<string, string> }
      >();
      async function producer(p: number): Promise<void> {
        for (let b = 0; b < BATCHES; b++) {
          const records = Array.from({ length: BATCH_RECORDS }, (_, r) => ({
            key: `p${p}-b${b}-r${r}`,
            value: { p, b, r, text: "ü🔑".repeat(r) },
            headers: { producer: String(p), batch: String(b) },
            partition: 1,
          }));
          const answer = await api.produce(topic, records);
          expect(answer.status).toBe(200);
          answer.body.offsets.forEach((o, i) => {
            expect(o.partition).toBe(1);
            expect(sent.has(o.offset)).toBe(false);
            const { partition: _, ...record } = records[i] as (typeof records)[number];
            sent.set(o.offset, record);
          });
          // A batch's records are contiguous: each partition's share is appended atomically.
          const offsets = answer.body.offsets.map((o) => o.offset);
          expect(offsets).toEqual(offsets.map((_, i) => (offsets[0] as number) + i));
        }
      }
      await Promise.all(Array.from({ length: PRODUCERS }, (_, p) => producer(p)));
      const total = PRODUCERS * BATCHES * BATCH_RECORDS;
      expect([...sent.keys()].sort((a, b) => a - b)).toEqual(
        Array.from({ length: total }, (_, i) => i),
      );
      const fetched = await api.fetchAll(topic, 1);
      expect(fetched).toHaveLength(total);
      for (const record of fetched) {
        const { offset, timestamp: _, ...content } = record;
        expect(content).toEqual(sent.get(offset));
      }
      expect((await api.offsets(topic, 0)).body.highWatermark).toBe(0);
    });
  });
}
