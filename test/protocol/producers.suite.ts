// Idempotent producers (Kafka semantics): a retried batch is appended once and answers its
// original offsets; a gap is OUT_OF_ORDER_SEQUENCE; an older epoch is PRODUCER_FENCED.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";

export async function initProducer(api: Api, name: string): Promise<{ id: string; epoch: number }> {
  const answer = await api.request<{ id: string; epoch: number }>("POST", "/v1/producers", {
    name,
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

export function producersSuite(api: Api): void {
  describe("idempotent producers", () => {
    it("keeps a name's id and bumps its epoch on every initialisation", async () => {
      const name = uniqueTopic("p");
      const first = await initProducer(api, name);
      const second = await initProducer(api, name);
      expect(second).toEqual({ id: first.id, epoch: first.epoch + 1 });
      expect((await initProducer(api, uniqueTopic("p"))).id).not.toBe(first.id);
      for (const body of [{}, { name: "bad name" }, { name: 5 }, { name, extra: 1 }, "[]"]) {
        expectError(await api.request("POST", "/v1/producers", body), 400, "INVALID_REQUEST");
      }
    });

    it("appends a batch sent three times once, answering the same offsets", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      const producer = await initProducer(api, uniqueTopic("p"));
      const send = (sequence: number, values: unknown[]) =>
        api.request<{ offsets: Array<Record<string, unknown>>; duplicate?: boolean }>(
          "POST",
          `/v1/topics/${topic}/records`,
          {
            records: values.map((value) => ({ value, partition: 1 })),
            producer: { ...producer, sequence },
          },
        );
      const first = await send(0, ["a", "b"]);
      expect(first.status).toBe(200);
      expect(first.body.duplicate).toBeUndefined();
      for (let retry = 0; retry < 2; retry++) {
        const again = await send(0, ["a", "b"]);
        expect(again.status).toBe(200);
        expect(again.body.duplicate).toBe(true);
        expect(again.body.offsets).toEqual(
          first.body.offsets.map((o) => ({ ...o, duplicate: true })),
        );
      }
      expect((await send(1, ["c"])).body.offsets[0]).toMatchObject({ partition: 1, offset: 2 });
      expect((await api.fetchAll(topic, 1)).map((r) => r.value)).toEqual(["a", "b", "c"]);
    });

    it("refuses gaps and older epochs, and starts a new epoch at sequence 0", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const name = uniqueTopic("p");
      const old = await initProducer(api, name);
      const send = (producer: { id: string; epoch: number }, sequence: number) =>
        api.produce(topic, [{ value: sequence }], { producer: { ...producer, sequence } });
      const gapFirst = expectError(await send(old, 3), 409, "OUT_OF_ORDER_SEQUENCE");
      expect(gapFirst.error.details).toEqual({ expectedSequence: 0 });
      expect((await send(old, 0)).status).toBe(200);
      expect((await send(old, 1)).status).toBe(200);
      expectError(await send(old, 3), 409, "OUT_OF_ORDER_SEQUENCE");
      const fresh = await initProducer(api, name);
      expectError(await send(fresh, 2), 409, "OUT_OF_ORDER_SEQUENCE");
      expect((await send(fresh, 0)).status).toBe(200);
      const fenced = expectError(await send(old, 2), 409, "PRODUCER_FENCED");
      expect(fenced.error.details).toEqual({ epoch: fresh.epoch });
      // Rejected batches left nothing behind.
      expect((await api.fetchAll(topic, 0)).map((r) => r.value)).toEqual([0, 1, 0]);
    });

    it("counts sequences in records with sequenceUnit records, as Kafka's producers do", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const producer = await initProducer(api, uniqueTopic("p"));
      const send = (sequence: number, values: unknown[]) =>
        api.produce(
          topic,
          values.map((value) => ({ value })),
          { producer: { ...producer, sequence, sequenceUnit: "records" } },
        );
      expect((await send(0, ["a", "b", "c"])).status).toBe(200);
      // The next batch starts at 3 (three records), not 1.
      const gap = expectError(await send(1, ["x"]), 409, "OUT_OF_ORDER_SEQUENCE");
      expect(gap.error.details).toEqual({ expectedSequence: 3 });
      expect((await send(3, ["d", "e"])).status).toBe(200);
      const retried = await send(3, ["d", "e"]);
      expect(retried.status).toBe(200);
      expect((retried.body as { duplicate?: boolean }).duplicate).toBe(true);
      expect((await send(5, ["f"])).status).toBe(200);
      expect((await api.fetchAll(topic, 0)).map((r) => r.value)).toEqual([
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
      ]);
      const bad = { ...producer, sequence: 0, sequenceUnit: "bytes" };
      const refused = await api.produce(topic, [{ value: 1 }], { producer: bad });
      expectError(refused, 400, "INVALID_REQUEST");
    });

    it("dedupes beyond the last five batches no more: an old retry is out of order", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const producer = await initProducer(api, uniqueTopic("p"));
      for (let sequence = 0; sequence < 7; sequence++) {
        const answer = await api.produce(topic, [{ value: sequence }], {
          producer: { ...producer, sequence },
        });
        expect(answer.status).toBe(200);
      }
      const recent = await api.produce(topic, [{ value: 2 }], {
        producer: { ...producer, sequence: 2 },
      });
      expect(recent.body).toMatchObject({ duplicate: true, offsets: [{ offset: 2 }] });
      expectError(
        await api.produce(topic, [{ value: 1 }], { producer: { ...producer, sequence: 1 } }),
        409,
        "OUT_OF_ORDER_SEQUENCE",
      );
    });
  });
}
