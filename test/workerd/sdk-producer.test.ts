// The SDK's producer and admin against the real worker (through its fetch, as a Workers service
// binding would call it): round trips, batching, retries deduplicated by idempotence, and
// non-retriable errors surfacing at once with their code.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Edgelog, EdgelogClientError } from "../../src/client/index.js";
import { partitionForKey } from "../../src/protocol/partitioner.js";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";

const worker = (request: Request) => exports.default.fetch(request);

/** An Edgelog whose requests are counted and may be tampered with. */
function client(
  intercept?: (request: Request, send: () => Promise<Response>) => Promise<Response>,
) {
  const requests: string[] = [];
  const edgelog = new Edgelog({
    url: "http://edgelog.test",
    fetch: (request) => {
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
      const send = () => worker(request);
      return intercept === undefined ? send() : intercept(request, send);
    },
    retry: { initialMs: 5, maxMs: 20 },
  });
  return { edgelog, requests };
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

  it("appends a batch once when its answer is lost and the retry resends it", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    let lost = 0;
    const { edgelog, requests } = client(async (request, send) => {
      const response = await send();
      // The first produce reaches the log, but its answer never comes back.
      if (request.url.endsWith("/records") && lost++ === 0) throw new TypeError("network lost");
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
