// Durability across object restarts: after every object is torn down, acknowledged records are
// still there and new offsets continue densely from the recovered log end offset.
import { abortAllDurableObjects, evictAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";

describe("restart", () => {
  for (const [how, restart] of [
    ["eviction", () => evictAllDurableObjects()],
    ["abort", () => abortAllDurableObjects()],
  ] as const) {
    it(`keeps every acknowledged record through ${how} of all objects`, async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      const first = await api.produce(topic, [
        { key: "a", value: 1, partition: 0 },
        // Two records of 900 KB: one batch spanning two stored rows.
        { key: "b", value: { big: "x".repeat(900_000) }, partition: 0 },
        { key: "c", value: { big: "y".repeat(900_000) }, partition: 0 },
        { value: 3, partition: 1 },
      ]);
      expect(first.status).toBe(200);
      const before = [await api.fetchAll(topic, 0), await api.fetchAll(topic, 1)];
      await restart();
      expect([await api.fetchAll(topic, 0), await api.fetchAll(topic, 1)]).toEqual(before);
      const next = await api.produce(topic, [{ value: 4, partition: 0 }]);
      expect(next.body.offsets[0]).toMatchObject({ partition: 0, offset: 3 });
      const described = await api.request<{ partitions: Array<{ highWatermark: number }> }>(
        "GET",
        `/v1/topics/${topic}`,
      );
      expect(described.body.partitions.map((p) => p.highWatermark)).toEqual([4, 1]);
    });
  }
});
