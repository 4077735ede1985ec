// The gateway at the byte level: ApiVersions advertises exactly what dispatches, unsupported
// APIs and versions answer UNSUPPORTED_VERSION, answers keep request order on a connection, an
// idempotent batch sent twice is appended once, and a fuzz of bad frames closes only the
// connections that sent them while other clients keep being served.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { apiHandlers } from "../../src/kafka/api-table.js";
import { encodeRecordBatch } from "../../src/kafka/codec/record-batch-encode.js";
import { KafkaWriter } from "../../src/kafka/codec/writer.js";
import { KAFKA_FRAME_BYTES_MAX } from "../../src/protocol/limits.js";
import { kafkaGatewayForFile, kcat, RawKafkaConnection } from "../support/kafka.js";

const gateway = kafkaGatewayForFile("edgelog-kafka-protocol-");
const UNSUPPORTED_VERSION = 35;

async function createTopic(name: string) {
  const response = await fetch(`${gateway.dev().base}/v1/topics`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
}

function apiVersionsOf(reader: NonNullable<Awaited<ReturnType<RawKafkaConnection["call"]>>>) {
  const errorCode = reader.int16();
  const apis = reader.array(false, () => [reader.int16(), reader.int16(), reader.int16()]);
  return { errorCode, apis };
}

function produceBody(topic: string, batch: Buffer): Buffer {
  const out = new KafkaWriter().nullableStr(false, null).int16(-1).int32(10_000);
  out.int32(1).str(false, topic).int32(1).int32(0).nullableBytes(false, batch);
  return Buffer.from(out.bytes());
}

function readProduceAnswer(reader: NonNullable<Awaited<ReturnType<RawKafkaConnection["call"]>>>) {
  reader.int32();
  reader.string();
  reader.int32();
  const partition = reader.int32();
  return { partition, errorCode: reader.int16(), baseOffset: reader.int64() };
}

describe("Kafka gateway protocol", () => {
  it("advertises exactly the dispatch table; other APIs and versions are UNSUPPORTED_VERSION", async () => {
    const raw = await RawKafkaConnection.open(gateway.broker());
    const v0 = apiVersionsOf((await raw.call(18, 0, Buffer.alloc(0))) ?? expect.fail("closed"));
    expect(v0.errorCode).toBe(0);
    expect(v0.apis).toEqual(apiHandlers().map((h) => [h.key, h.minVersion, h.maxVersion]));
    // A newer ApiVersions than ours: its v0 answer, with the error and our versions (KIP-511).
    const future = apiVersionsOf(
      (await raw.call(18, 99, Buffer.alloc(0))) ?? expect.fail("closed"),
    );
    expect(future).toEqual({ errorCode: UNSUPPORTED_VERSION, apis: v0.apis });
    // Transactions (AddPartitionsToTxn 24, EndTxn 26), an unknown key, Produce v2: refused.
    for (const [key, version] of [
      [24, 0],
      [26, 0],
      [999, 0],
      [0, 2],
    ] as const) {
      const answer = (await raw.call(key, version, Buffer.alloc(0))) ?? expect.fail("closed");
      expect(answer.int16()).toBe(UNSUPPORTED_VERSION);
    }
    raw.close();
  });

  it("answers a connection's requests in order, even when the first waits", async () => {
    await createTopic("kp-order");
    const raw = await RawKafkaConnection.open(gateway.broker());
    const fetch = new KafkaWriter().int32(-1).int32(1_500).int32(1).int32(1_000_000).int8(0);
    fetch.int32(1).str(false, "kp-order").int32(1).int32(0).int64(0).int32(1_000_000);
    raw.send(1, 4, 1, Buffer.from(fetch.bytes()));
    raw.send(18, 0, 2, Buffer.alloc(0));
    const first = await raw.next();
    const second = await raw.next();
    expect([first?.readInt32BE(0), second?.readInt32BE(0)]).toEqual([1, 2]);
    raw.close();
  });

  it("keeps a Fetch within its MaxBytes over partitions, answering the first whole (KIP-74)", async () => {
    const response = await fetch(`${gateway.dev().base}/v1/topics`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "kp-max-bytes", partitions: 2 }),
    });
    expect(response.status).toBe(201);
    for (const partition of [0, 1]) {
      await fetch(`${gateway.dev().base}/v1/topics/kp-max-bytes/records`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ records: [{ value: "x".repeat(200), partition }] }),
      });
    }
    const recordBytes = async (maxBytes: number) => {
      const raw = await RawKafkaConnection.open(gateway.broker());
      const body = new KafkaWriter().int32(-1).int32(0).int32(1).int32(maxBytes).int8(0);
      body.int32(1).str(false, "kp-max-bytes").int32(2);
      for (const partition of [0, 1]) body.int32(partition).int64(0).int32(1_000_000);
      const answer = (await raw.call(1, 4, Buffer.from(body.bytes()))) ?? expect.fail("closed");
      raw.close();
      answer.int32();
      expect(answer.int32()).toBe(1);
      expect(answer.string()).toBe("kp-max-bytes");
      expect(answer.int32()).toBe(2);
      const sizes = [0, 1].map((partition) => {
        expect(answer.int32()).toBe(partition);
        answer.int16();
        answer.int64();
        answer.int64();
        answer.nullableArray(false, () => [answer.int64(), answer.int64()]);
        return answer.nullableBytes(false)?.length ?? 0;
      });
      return sizes;
    };
    const [first, second] = await recordBytes(10);
    expect(first).toBeGreaterThan(200);
    expect(second).toBe(0);
    const both = await recordBytes(1_000_000);
    expect(both.every((size) => size > 200)).toBe(true);
  });

  it("appends an idempotent batch sent twice once, answering its offset; a gap is refused", async () => {
    await createTopic("kp-idempotent");
    const raw = await RawKafkaConnection.open(gateway.broker());
    const init =
      (await raw.call(22, 0, Buffer.from(new KafkaWriter().int16(-1).int32(60_000).bytes()))) ??
      expect.fail("closed");
    init.int32();
    expect(init.int16()).toBe(0);
    const producerId = init.int64();
    const producerEpoch = init.int16();
    const records = ["a", "b", "c"].map((v, i) => ({
      offsetDelta: i,
      timestamp: 1_000 + i,
      key: null,
      value: Buffer.from(v),
      headers: [],
    }));
    const batch = (baseSequence: number) =>
      encodeRecordBatch({ baseOffset: 0, records, producerId, producerEpoch, baseSequence });
    const body = produceBody("kp-idempotent", batch(0));
    const first = readProduceAnswer((await raw.call(0, 3, body)) ?? expect.fail("closed"));
    const retry = readProduceAnswer((await raw.call(0, 3, body)) ?? expect.fail("closed"));
    expect(first).toEqual({ partition: 0, errorCode: 0, baseOffset: 0 });
    expect(retry).toEqual(first);
    const next = readProduceAnswer(
      (await raw.call(0, 3, produceBody("kp-idempotent", batch(3)))) ?? expect.fail("closed"),
    );
    expect(next).toEqual({ partition: 0, errorCode: 0, baseOffset: 3 });
    const gap = readProduceAnswer(
      (await raw.call(0, 3, produceBody("kp-idempotent", batch(9)))) ?? expect.fail("closed"),
    );
    expect(gap.errorCode).toBe(45);
    const page = await fetch(`${gateway.dev().base}/v1/topics/kp-idempotent/partitions/0/records`);
    const values = ((await page.json()) as { records: Array<{ value: string }> }).records.map(
      (r) => r.value,
    );
    expect(values).toEqual(["a", "b", "c", "a", "b", "c"]);
    raw.close();
  });

  it("survives a fuzz of bad frames: only the senders' connections close", async () => {
    const healthy = await RawKafkaConnection.open(gateway.broker());
    const bad: Buffer[] = [
      Buffer.from([0xff, 0xff, 0xff, 0xfb]), // a negative length
      (() => {
        const b = Buffer.alloc(4);
        b.writeInt32BE(KAFKA_FRAME_BYTES_MAX + 1);
        return b;
      })(), // one byte past the frame limit
      Buffer.from([0, 0, 0, 3, 0, 18, 0]), // a header cut short
      Buffer.from([0, 0, 0, 12, 0, 3, 0, 9, 0, 0, 0, 1, 0, 0, 0, 9]), // Metadata v9, body missing
      Buffer.from([0, 0, 0, 100, 1, 2, 3]), // a frame that never completes
    ];
    for (let i = 0; i < 40; i++) {
      const garbage = randomBytes(1 + (i % 64));
      bad.push(Buffer.concat([Buffer.from([0, 0, 0, garbage.length]), garbage]));
    }
    const connections = await Promise.all(bad.map(() => RawKafkaConnection.open(gateway.broker())));
    for (const [i, c] of connections.entries()) c.writeRaw(bad[i] as Buffer);
    // The healthy connection is answered meanwhile, and after.
    for (let round = 0; round < 5; round++) {
      const answer = await healthy.call(18, 0, Buffer.alloc(0));
      expect(answer?.int16()).toBe(0);
    }
    // The limit breakers are closed without an answer; the rest are answered or closed.
    expect(await connections[0]?.next()).toBeNull();
    expect(await connections[1]?.next()).toBeNull();
    expect(await connections[2]?.next()).toBeNull();
    for (const c of connections) c.close();
    const listing = await kcat(["-b", gateway.broker(), "-L"]);
    expect(listing.code, listing.stderr).toBe(0);
    healthy.close();
  });
});
