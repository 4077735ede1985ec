// Produce over HTTP: offsets in request order, values returned exactly as produced, timestamps,
// NDJSON, acks, and where records land.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";

export function produceSuite(api: Api): void {
  describe("produce", () => {
    it("answers dense offsets in request order and returns every value as produced", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const records = [
        { key: "k1", value: "a string", headers: { trace: "t-1", "content-type": "text/plain" } },
        { key: null, value: { nested: { list: [1, 2.5, -3, true, null], s: "ü日本🔑" } } },
        { value: 42 },
        { value: [1, "two", { three: 3 }] },
        { value: null },
        { value: false },
        { keyBase64: "AAEC/w==", valueBase64: "3q2+7w==" },
        { key: "", value: "" },
        { value: 'line\nbreak "quoted" \\ \u0000 \u2028' },
      ];
      const produced = await api.produce(topic, records);
      expect(produced.status).toBe(200);
      expect(produced.body.offsets.map((o) => [o.partition, o.offset])).toEqual(
        records.map((_, i) => [0, i]),
      );
      const fetched = await api.fetchAll(topic, 0);
      expect(fetched.map((r) => r.offset)).toEqual(records.map((_, i) => i));
      fetched.forEach((record, i) => {
        const sent = records[i] as Record<string, unknown>;
        if ("keyBase64" in sent) expect(record.keyBase64).toBe(sent.keyBase64);
        else expect(record.key).toBe(sent.key ?? null);
        if ("valueBase64" in sent) expect(record.valueBase64).toBe(sent.valueBase64);
        else expect(record.value).toEqual(sent.value);
        expect(record.headers).toEqual(sent.headers ?? {});
        expect(record.timestamp).toBe(produced.body.offsets[i]?.timestamp);
      });
    });

    it("keeps producer timestamps and stamps the others with log-append time", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const before = Date.now();
      const produced = await api.produce(topic, [{ value: 1, timestamp: 1_000 }, { value: 2 }]);
      const after = Date.now();
      const [given, stamped] = produced.body.offsets;
      expect(given?.timestamp).toBe(1_000);
      expect(stamped?.timestamp).toBeGreaterThanOrEqual(before - 1000);
      expect(stamped?.timestamp).toBeLessThanOrEqual(after + 1000);
      const fetched = await api.fetchAll(topic, 0);
      expect(fetched.map((r) => r.timestamp)).toEqual([1_000, stamped?.timestamp]);
    });

    it("accepts NDJSON with acks and producer fields in the query", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const body = '{"key":"a","value":1}\n\n{"value":{"b":2}}\r\n{"value":"c"}\n';
      const produced = await api.request<{ offsets: Array<{ offset: number }> }>(
        "POST",
        `/v1/topics/${topic}/records?acks=1`,
        body,
        { "content-type": "application/x-ndjson" },
      );
      expect(produced.status).toBe(200);
      expect(produced.body.offsets.map((o) => o.offset)).toEqual([0, 1, 2]);
      const fetched = await api.fetchAll(topic, 0);
      expect(fetched.map((r) => r.value)).toEqual([1, { b: 2 }, "c"]);
    });

    it("answers 202 without offsets for acks 0, and the records arrive", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const answer = await api.produce(topic, [{ value: "fire" }, { value: "forget" }], {
        acks: 0,
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toBeNull();
      const polled = await api.fetch(topic, 0, { offset: 0, waitMs: 5000 });
      const records =
        polled.body.records.length < 2 ? await api.fetchAll(topic, 0) : polled.body.records;
      expect(records.map((r) => r.value)).toEqual(["fire", "forget"]);
    });

    it("answers acks 1 and acks all with offsets", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      for (const acks of [1, "all"]) {
        const answer = await api.produce(topic, [{ value: acks }], { acks });
        expect(answer.status).toBe(200);
        expect(answer.body.offsets).toHaveLength(1);
      }
    });

    it("honours explicit partitions and keeps a keyless request on one sticky partition", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 8 });
      const explicit = await api.produce(topic, [
        { value: 0, partition: 7 },
        { value: 1, partition: 2 },
        { value: 2, partition: 7 },
      ]);
      expect(explicit.body.offsets).toMatchObject([
        { partition: 7, offset: 0 },
        { partition: 2, offset: 0 },
        { partition: 7, offset: 1 },
      ]);
      const seen = new Set<number>();
      for (let i = 0; i < 12; i++) {
        const keyless = await api.produce(
          topic,
          Array.from({ length: 5 }, (_, j) => ({ value: j })),
        );
        const partitions = new Set(keyless.body.offsets.map((o) => o.partition));
        expect(partitions.size).toBe(1);
        seen.add([...partitions][0] as number);
      }
      // Sticky per request, not per topic: twelve requests over eight partitions spread out.
      expect(seen.size).toBeGreaterThan(1);
    });

    it("sends the same key to the same partition every time", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 16 });
      const records = Array.from({ length: 40 }, (_, i) => ({ key: `user-${i % 5}`, value: i }));
      const produced = await api.produce(topic, records);
      const byKey = new Map<string, Set<number>>();
      produced.body.offsets.forEach((o, i) => {
        const key = records[i]?.key as string;
        byKey.set(key, (byKey.get(key) ?? new Set()).add(o.partition));
      });
      for (const partitions of byKey.values()) expect(partitions.size).toBe(1);
      const again = await api.produce(topic, [{ key: "user-3", value: "again" }]);
      expect(again.body.offsets[0]?.partition).toBe([...(byKey.get("user-3") ?? [])][0]);
    });
  });
}
