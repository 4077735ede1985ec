// Durability across object restarts: after every object is torn down, acknowledged records are
// still there, new offsets continue densely from the recovered log end offset, and the high
// watermark is where readers last saw it.
import { abortAllDurableObjects, evictAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { describePartition, fault } from "../support/replication.js";
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

  it("keeps a leader's high watermark through an ISR change and a restart (KIP-207)", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { replicationFactor: 3, replicaLagMs: 300 });
    expect((await api.produce(topic, [{ value: "a" }])).status).toBe(200);
    await fault(api, topic, 2, "down");
    expect((await api.produce(topic, [{ value: "b" }], { acks: 1 })).status).toBe(200);
    await eventually("replica 2 to leave the ISR", async () => {
      const p = await describePartition(api, topic);
      return p.isr.length === 2 && p.highWatermark === 2 ? p : undefined;
    });
    // Rejoining changes the ISR but not the high watermark: the stored one must still be 2.
    await fault(api, topic, 2, "up");
    await eventually("replica 2 to rejoin the ISR", async () => {
      const p = await describePartition(api, topic);
      return p.isr.length === 3 ? p : undefined;
    });
    await evictAllDurableObjects();
    expect((await api.offsets(topic, 0)).body).toMatchObject({ highWatermark: 2, logEndOffset: 2 });
  });
});
