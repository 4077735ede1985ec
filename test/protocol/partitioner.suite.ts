// Keys land on the partition Kafka's default partitioner picks: vectors computed with kafkajs's
// Java-compatible murmur2 (test/fixtures/generate-partitioner-vectors.cjs), checked over HTTP.
import { describe, expect, it } from "vitest";
import vectors from "../fixtures/partitioner-vectors.json";
import { type Api, uniqueTopic } from "../support/api.js";

interface Vector {
  key?: string;
  keyBase64?: string;
  partitions: number;
  partition: number;
}

export function partitionerSuite(api: Api): void {
  describe("key partitioning", () => {
    it(`matches a real Kafka client on ${vectors.length} vectors`, async () => {
      expect(vectors.length).toBeGreaterThanOrEqual(50);
      const byCount = new Map<number, Vector[]>();
      for (const v of vectors as Vector[]) {
        byCount.set(v.partitions, [...(byCount.get(v.partitions) ?? []), v]);
      }
      for (const [partitions, group] of byCount) {
        const topic = uniqueTopic();
        expect((await api.createTopic(topic, { partitions })).status).toBe(201);
        const records = group.map((v) =>
          v.key !== undefined ? { key: v.key, value: 1 } : { keyBase64: v.keyBase64, value: 1 },
        );
        const produced = await api.produce(topic, records);
        expect(produced.status).toBe(200);
        expect(produced.body.offsets.map((o) => o.partition)).toEqual(
          group.map((v) => v.partition),
        );
      }
      // 14 topics, 642 partitions created: the suite's heaviest setup, given room on a busy CI.
    }, 90_000);
  });
}
