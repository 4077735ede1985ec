// The SDK's producer and admin against the real worker (through its fetch, as a Workers service
// binding would call it): round trips, batching, retries deduplicated by idempotence, and
// non-retriable errors surfacing at once with their code; both wire formats (JSON, NDJSON).
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  Edgelog,
  EdgelogClientError,
  type Message,
  type ProduceTransport,
  type RecordMetadata,
} from "../../src/client/index.js";
import { partitionForKey } from "../../src/protocol/partitioner.js";
import { type FetchedRecord, uniqueTopic } from "../support/api.js";
import { fault } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

const worker = (request: Request) => exports.default.fetch(request);

/** What one produce request looked like on the wire. */
interface Produced {
  contentType: string | null;
  query: URLSearchParams;
}

/** An Edgelog whose requests are counted and may be tampered with. */
function client(
  intercept?: (request: Request, send: () => Promise<Response>) => Promise<Response>,
) {
  const requests: string[] = [];
  const produced: Produced[] = [];
  const edgelog = new Edgelog({
    url: "http://edgelog.test",
    fetch: (request) => {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}`);
      if (request.method === "POST" && url.pathname.endsWith("/records")) {
        produced.push({
          contentType: request.headers.get("content-type"),
          query: url.searchParams,
        });
      }
      const send = () => worker(request);
      return intercept === undefined ? send() : intercept(request, send);
    },
    retry: { initialMs: 5, maxMs: 20 },
  });
  return { edgelog, requests, produced };
}

describe("SDK producer", () => {
  it("sends keyed messages to Kafka's partitions and answers their offsets in order", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 3 });
    const { edgelog } = client();
    const producer = edgelog.producer();
    const messages = Array.from({ length: 60 }, (_, i) => ({ key: `user-${i % 7}`, value: { i } }));
    const sent = await producer.send({ topic, messages });
    await producer.disconnect();
    sent.forEach((meta, i) => {
      const key = new TextEncoder().encode(`user-${i % 7}`);
      expect(meta.partition).toBe(partitionForKey(key, 3));
    });
    for (let p = 0; p < 3; p++) {
      const stored = await api.fetchAll(topic, p);
      const mine = sent.filter((m) => m.partition === p);
      expect(stored.map((r) => r.offset)).toEqual(mine.map((m) => m.offset));
      expect(stored.map((r) => r.value)).toEqual(
        mine.map((m) => (messages[sent.indexOf(m)] as { value: unknown }).value),
      );
    }
  });

  it("batches concurrent sends within the linger into few requests", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const { edgelog, requests } = client();
    const producer = edgelog.producer({ lingerMs: 20 });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => producer.send({ topic, messages: [{ value: i }] })),
    );
    const produces = requests.filter((r) => r.startsWith("POST") && r.endsWith("/records"));
    expect(produces.length).toBeLessThanOrEqual(2);
    expect((await api.fetchAll(topic, 0)).length).toBe(50);
  });

  it("keeps the order of sends that do not await each other, however metadata answers", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2 });
    // The first partition-count lookup answers last, as a slow request would.
    let lookups = 0;
    const { edgelog } = client(async (request, send) => {
      const url = new URL(request.url);
      if (request.method === "GET" && url.pathname === `/v1/topics/${topic}` && lookups++ === 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return send();
    });
    const producer = edgelog.producer({ lingerMs: 0 });
    const sends = ["first", "second", "third"].map((value) =>
      producer.send({ topic, messages: [{ key: "same-key", value }] }),
    );
    const offsets = (await Promise.all(sends)).map(([meta]) => meta?.offset);
    await producer.disconnect();
    expect(lookups).toBeGreaterThanOrEqual(1);
    expect(offsets).toEqual([0, 1, 2]);
  });

  it("appends a batch once when its answer is lost and the retry resends it", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    let lost = 0;
    const { edgelog, requests } = client(async (request, send) => {
      const response = await send();
      // The first produce reaches the log, but its answer never comes back.
      const produce = new URL(request.url).pathname.endsWith("/records");
      if (produce && lost++ === 0) throw new TypeError("network lost");
      return response;
    });
    const producer = edgelog.producer();
    const [first] = await producer.send({ topic, messages: [{ value: "once" }] });
    const [second] = await producer.send({ topic, messages: [{ value: "next" }] });
    expect(requests.filter((r) => r.endsWith("/records")).length).toBe(3);
    expect(first?.offset).toBe(0);
    expect(second?.offset).toBe(1);
    expect((await api.fetchAll(topic, 0)).map((r) => r.value)).toEqual(["once", "next"]);
  });

  it("surfaces a non-retriable error at once, typed by its code", async () => {
    const { edgelog, requests } = client();
    const producer = edgelog.producer({ idempotent: false });
    const missing = producer.send({ topic: uniqueTopic(), messages: [{ value: 1 }] });
    await expect(missing).rejects.toMatchObject({ code: "TOPIC_NOT_FOUND", status: 404 });
    await expect(missing).rejects.toBeInstanceOf(EdgelogClientError);
    expect(requests.length).toBe(1);
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const big = producer.send({ topic, messages: [{ value: "x".repeat(1_100_000) }] });
    await expect(big).rejects.toMatchObject({ code: "RECORD_TOO_LARGE" });
  });

  it("retries a retriable error with backoff, a bounded number of times", async () => {
    const { edgelog, requests } = client(async () =>
      Response.json(
        { error: { code: "UNAVAILABLE", message: "down", retriable: true } },
        { status: 503 },
      ),
    );
    const admin = edgelog.admin();
    await expect(admin.listTopics()).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(requests.length).toBe(1 + 5);
  });
});

describe("SDK admin", () => {
  it("creates, describes, alters, lists and deletes topics; reads group offsets", async () => {
    const { edgelog } = client();
    const admin = edgelog.admin();
    const topic = uniqueTopic();
    const created = await admin.createTopic({ name: topic, partitions: 2 });
    expect(created.partitions.length).toBe(2);
    await expect(admin.createTopic({ name: topic })).rejects.toMatchObject({
      code: "TOPIC_EXISTS",
    });
    const altered = await admin.alterTopic(topic, { partitions: 3, retentionMs: 60_000 });
    expect(altered.config.retentionMs).toBe(60_000);
    expect((await admin.describeTopic(topic)).partitions.length).toBe(3);
    expect((await admin.listTopics()).map((t) => t.name)).toContain(topic);
    await api.produce(topic, [{ value: 1, partition: 0 }]);
    expect(await admin.partitionOffsets(topic, 0)).toMatchObject({ highWatermark: 1 });
    const group = uniqueTopic("g");
    await admin.resetOffsets(group, topic, "earliest");
    const offsets = await admin.groupOffsets(group);
    expect(offsets.find((o) => o.partition === 0)).toMatchObject({ offset: 0, lag: 1 });
    await admin.deleteTopic(topic);
    await expect(admin.describeTopic(topic)).rejects.toMatchObject({ code: "TOPIC_NOT_FOUND" });
  });
});

/** Messages of every JSON type, with text that NDJSON framing must not break. */
function awkwardMessages(): Message[] {
  const texts = [
    "line\nbreak",
    "crlf\r\nend",
    "\u2028sep\u2029",
    "héllo 🌍 日本",
    '"}\n{"value":1}',
    "",
  ];
  const values: unknown[] = [
    ...texts,
    0,
    -17,
    3.25,
    2 ** 53 - 1,
    true,
    false,
    null,
    [],
    [1, "two", [3], { four: 4 }],
    {},
    { nested: { deep: ["a\nb", { ok: true }] }, emoji: "🚀" },
  ];
  return values.map((value, i) => {
    const message: Message = { value };
    // Keyed messages choose their partition by murmur2; the others name one.
    if (i % 3 === 0) message.key = i % 2 === 0 ? `ключ-🔑-${i}` : `key\n${i}`;
    else message.partition = i % 3;
    if (i % 3 === 1) message.key = null;
    if (i % 2 === 0) message.headers = { trace: `t-${i}`, note: "ünï\ncode 💬" };
    if (i % 4 === 0) message.timestamp = 1_700_000_000_000 + i;
    return message;
  });
}

/** Sends `messages` to a new 3-partition topic over `transport`; answers, wire and stored logs. */
async function produceOver(transport: ProduceTransport, messages: Message[]) {
  const topic = uniqueTopic();
  await api.createTopic(topic, { partitions: 3 });
  const { edgelog, produced } = client();
  const producer = edgelog.producer({ transport });
  const sent = await producer.send({ topic, messages });
  await producer.disconnect();
  const stored: FetchedRecord[][] = [];
  for (let p = 0; p < 3; p++) stored.push(await api.fetchAll(topic, p));
  return { sent, produced, stored };
}

describe("SDK producer transports", () => {
  it("round-trips the same records with the same answers over JSON and NDJSON", async () => {
    const messages = awkwardMessages();
    const json = await produceOver("json", messages);
    const ndjson = await produceOver("ndjson", messages);
    const types = (produced: Produced[]) => [...new Set(produced.map((p) => p.contentType))];
    expect(types(json.produced)).toEqual(["application/json"]);
    expect(types(ndjson.produced)).toEqual(["application/x-ndjson"]);
    const answer = (m: RecordMetadata) => [m.partition, m.offset];
    expect(ndjson.sent.map(answer)).toEqual(json.sent.map(answer));
    for (const { sent, stored } of [json, ndjson]) {
      // Each record is stored where its answer says, exactly as produced.
      messages.forEach((message, i) => {
        const meta = sent[i] as RecordMetadata;
        if (message.partition !== undefined) expect(meta.partition).toBe(message.partition);
        if (message.timestamp !== undefined) expect(meta.timestamp).toBe(message.timestamp);
        const record = stored[meta.partition]?.find((r) => r.offset === meta.offset);
        expect(record?.value).toEqual(message.value);
        expect(record?.key ?? null).toBe(message.key ?? null);
        expect(record?.headers).toEqual(message.headers ?? {});
        if (message.timestamp !== undefined) expect(record?.timestamp).toBe(message.timestamp);
        // The answer (compact on the wire) gives log-append times as stored, too.
        expect(record?.timestamp).toBe(meta.timestamp);
      });
    }
    // Log-append times differ between the two runs; everything else is identical.
    const strip = (logs: FetchedRecord[][]) =>
      logs.map((records) => records.map(({ timestamp: _, ...rest }) => rest));
    expect(strip(ndjson.stored)).toEqual(strip(json.stored));
  });

  it("appends an NDJSON batch once when its answer is lost, with producer fields in the query", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    let lost = 0;
    const { edgelog, produced } = client(async (request, send) => {
      const response = await send();
      // The first produce reaches the log, but its answer never comes back.
      if (request.url.includes("/records") && lost++ === 0) throw new TypeError("network lost");
      return response;
    });
    const producer = edgelog.producer({ transport: "ndjson" });
    const [first] = await producer.send({ topic, messages: [{ value: "once\n" }] });
    const [second] = await producer.send({ topic, messages: [{ value: "next" }] });
    expect(first?.offset).toBe(0);
    expect(second?.offset).toBe(1);
    expect((await api.fetchAll(topic, 0)).map((r) => r.value)).toEqual(["once\n", "next"]);
    expect(produced.map((p) => p.contentType)).toEqual(Array(3).fill("application/x-ndjson"));
    const fields = produced.map(({ query }) => Object.fromEntries(query));
    const id = fields[0]?.producerId;
    expect(id).toMatch(/.+/);
    // The retry repeats the lost request's sequence; the next batch counts on.
    expect(fields).toEqual([
      { acks: "all", producerId: id, producerEpoch: "0", sequence: "0", answer: "compact" },
      { acks: "all", producerId: id, producerEpoch: "0", sequence: "0", answer: "compact" },
      { acks: "all", producerId: id, producerEpoch: "0", sequence: "1", answer: "compact" },
    ]);
  });

  it('sends JSON for "auto" (the default) at every batch size, NDJSON only when asked', async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    // 1,000 records of ~1 KB: a full default batch, the size where NDJSON came closest to paying.
    const big = Array.from({ length: 1_000 }, (_, i) => ({
      value: { i, text: "x".repeat(1_000) },
    }));
    const cases: Array<[ProduceTransport | undefined, string]> = [
      [undefined, "application/json"],
      ["auto", "application/json"],
      ["json", "application/json"],
      ["ndjson", "application/x-ndjson"],
    ];
    for (const [transport, wanted] of cases) {
      const { edgelog, produced } = client();
      const producer = edgelog.producer(transport === undefined ? {} : { transport });
      await producer.send({ topic, messages: [{ value: "one" }] });
      await producer.send({ topic, messages: big });
      await producer.disconnect();
      expect(produced.map((p) => p.contentType)).toEqual([wanted, wanted]);
      // JSON carries the producer in its envelope, so its query holds only the answer form.
      if (wanted === "application/json") {
        expect([...(produced[1]?.query ?? [])]).toEqual([["answer", "compact"]]);
      }
    }
    expect((await api.offsets(topic, 0)).body.highWatermark).toBe(4 * 1_001);
    const { edgelog } = client();
    // @ts-expect-error: a caller without types may pass anything; it is a bug, not a retry.
    expect(() => edgelog.producer({ transport: "xml" })).toThrow(TypeError);
  });

  it("maps a 207 answer to each record the same way over both transports", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2 });
    await fault(api, topic, 0, "down", undefined, 1);
    try {
      for (const transport of ["json", "ndjson"] as const) {
        const { edgelog, produced } = client();
        // Not idempotent: one batch for the whole topic, so one request spans both partitions.
        const producer = edgelog.producer({ idempotent: false, acks: 1, transport, lingerMs: 20 });
        const outcomes = await Promise.allSettled(
          [0, 1, 0].map((partition, i) =>
            producer.send({ topic, messages: [{ value: `${transport}-${i}`, partition }] }),
          ),
        );
        expect(produced.length).toBe(1);
        expect(Object.fromEntries(produced[0]?.query ?? [])).toEqual(
          transport === "ndjson" ? { acks: "1" } : {},
        );
        const base = transport === "json" ? 0 : 2;
        expect(outcomes[0]).toMatchObject({ status: "fulfilled", value: [{ offset: base }] });
        expect(outcomes[1]).toMatchObject({
          status: "rejected",
          reason: { code: "UNAVAILABLE", retriable: true },
        });
        expect(outcomes[2]).toMatchObject({ status: "fulfilled", value: [{ offset: base + 1 }] });
      }
    } finally {
      await fault(api, topic, 0, "up", undefined, 1);
    }
    const values = (await api.fetchAll(topic, 0)).map((r) => r.value);
    expect(values).toEqual(["json-0", "json-2", "ndjson-0", "ndjson-2"]);
  });
});
