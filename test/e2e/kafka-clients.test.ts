// kafkajs 2.2.4 and @platformatic/kafka against wrangler dev through the Kafka gateway: admin
// (create, describe, grow, delete topics; offsets, offsets by timestamp; configs), produce with
// keys, headers and timestamps read back byte for byte, an idempotent producer, and every
// compression codec @platformatic/kafka sends (kcat's are in kafka-kcat.test.ts).
import { Admin as PlatformaticAdmin, Producer as PlatformaticProducer } from "@platformatic/kafka";
import { CompressionTypes, ConfigResourceTypes, Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaGatewayForFile, kcat } from "../support/kafka.js";

const gateway = kafkaGatewayForFile("edgelog-kafka-clients-");
let kafka: Kafka;

beforeAll(() => {
  kafka = new Kafka({ clientId: "e2e", brokers: [gateway.broker()], logLevel: logLevel.NOTHING });
});

interface HttpRecord {
  offset: number;
  timestamp: number;
  key?: string | null;
  keyBase64?: string;
  value?: unknown;
  valueBase64?: string;
  headers: Record<string, string>;
}

async function readHttp(topic: string, partition = 0): Promise<HttpRecord[]> {
  const url = `${gateway.dev().base}/v1/topics/${topic}/partitions/${partition}/records?maxRecords=2000`;
  const body = (await (await fetch(url)).json()) as { records: HttpRecord[] };
  return body.records;
}

describe("kafkajs admin", () => {
  const admin = () => kafka.admin();

  it("creates, describes, grows and deletes topics", async () => {
    const client = admin();
    await client.connect();
    try {
      expect(
        await client.createTopics({
          topics: [
            {
              topic: "kj-admin",
              numPartitions: 2,
              configEntries: [{ name: "retention.ms", value: "60000" }],
            },
          ],
        }),
      ).toBe(true);
      expect(await client.listTopics()).toContain("kj-admin");
      const { topics } = await client.fetchTopicMetadata({ topics: ["kj-admin"] });
      expect(topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1]);
      const configs = await client.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: "kj-admin" }],
        includeSynonyms: false,
      });
      const entries = configs.resources[0]?.configEntries ?? [];
      expect(entries.find((e) => e.configName === "retention.ms")?.configValue).toBe("60000");
      await client.createPartitions({ topicPartitions: [{ topic: "kj-admin", count: 3 }] });
      const grown = await client.fetchTopicMetadata({ topics: ["kj-admin"] });
      expect(grown.topics[0]?.partitions).toHaveLength(3);
      // An existing name is Kafka's TOPIC_ALREADY_EXISTS: kafkajs answers false, not an error.
      expect(await client.createTopics({ topics: [{ topic: "kj-admin" }] })).toBe(false);
      await client.deleteTopics({ topics: ["kj-admin"] });
      expect(await client.listTopics()).not.toContain("kj-admin");
    } finally {
      await client.disconnect();
    }
  });

  it("answers offsets: earliest, latest and by timestamp (-1 past the last record)", async () => {
    const client = admin();
    await client.connect();
    const producer = kafka.producer();
    await producer.connect();
    try {
      await client.createTopics({ topics: [{ topic: "kj-offsets" }] });
      await producer.send({
        topic: "kj-offsets",
        acks: -1,
        messages: [1000, 2000, 3000].map((t) => ({
          value: `at-${t}`,
          timestamp: String(t),
          partition: 0,
        })),
      });
      expect(await client.fetchTopicOffsets("kj-offsets")).toEqual([
        { partition: 0, offset: "3", high: "3", low: "0" },
      ]);
      expect(await client.fetchTopicOffsetsByTimestamp("kj-offsets", 1500)).toEqual([
        { partition: 0, offset: "1" },
      ]);
      // Past the last record Kafka answers -1; kafkajs then reports the high watermark.
      expect(await client.fetchTopicOffsetsByTimestamp("kj-offsets", 9000)).toEqual([
        { partition: 0, offset: "3" },
      ]);
    } finally {
      await producer.disconnect();
      await client.disconnect();
    }
  });
});

describe("kafkajs producer", () => {
  it("sends keys, headers, timestamps and binary bytes that read back exactly", async () => {
    const client = kafka.admin();
    await client.connect();
    await client.createTopics({ topics: [{ topic: "kj-records" }] });
    await client.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const binary = Buffer.from([0x00, 0xff, 0x10, 0x80]);
    const sent = await producer.send({
      topic: "kj-records",
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: [
        {
          key: "k1",
          value: "v1",
          headers: { trace: "t-1" },
          timestamp: "1700000000000",
          partition: 0,
        },
        { key: binary, value: binary, partition: 0, timestamp: "1700000000001" },
        { key: null, value: null, partition: 0, timestamp: "1700000000002" },
      ],
    });
    expect(sent[0]).toMatchObject({ partition: 0, errorCode: 0, baseOffset: "0" });
    // A second send of the idempotent producer continues its sequence (3, counted in records).
    await producer.send({
      topic: "kj-records",
      acks: -1,
      messages: [{ value: "v4", partition: 0 }],
    });
    await producer.disconnect();
    const records = await readHttp("kj-records");
    expect(
      records.map((r) => [
        r.offset,
        r.timestamp,
        r.key ?? r.keyBase64 ?? null,
        "value" in r ? r.value : r.valueBase64,
        r.headers,
      ]),
    ).toEqual([
      [0, 1700000000000, "k1", "v1", { trace: "t-1" }],
      [1, 1700000000001, binary.toString("base64"), binary.toString("base64"), {}],
      [2, 1700000000002, null, null, {}],
      [3, records[3]?.timestamp, null, "v4", {}],
    ]);
    // And a librdkafka consumer gets the bytes kafkajs sent.
    const read = await kcat([
      "-b",
      gateway.broker(),
      "-C",
      "-t",
      "kj-records",
      "-p",
      "0",
      "-o",
      "1",
      "-c",
      "1",
      "-q",
      "-f",
      "%k|%s",
    ]);
    expect(read.bytes.equals(Buffer.concat([binary, Buffer.from("|"), binary]))).toBe(true);
  });

  it("refuses a header edgelog cannot keep (repeated key) with INVALID_RECORD, appending nothing", async () => {
    const client = kafka.admin();
    await client.connect();
    await client.createTopics({ topics: [{ topic: "kj-headers" }] });
    await client.disconnect();
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const sending = producer.send({
      topic: "kj-headers",
      messages: [{ value: "v", partition: 0, headers: { h: ["a", "b"] } }],
    });
    await expect(sending).rejects.toMatchObject({ type: "INVALID_RECORD" });
    await producer.disconnect();
    expect(await readHttp("kj-headers")).toEqual([]);
  });
});

describe("@platformatic/kafka", () => {
  const options = () => ({ clientId: "e2e-platformatic", bootstrapBrokers: [gateway.broker()] });
  let admin: PlatformaticAdmin;

  beforeAll(() => {
    admin = new PlatformaticAdmin(options());
  });
  afterAll(async () => {
    await admin.close();
  });

  it("creates and deletes topics", async () => {
    await admin.createTopics({ topics: ["pk-admin"], partitions: 2, replicas: 1 });
    expect(await admin.listTopics()).toContain("pk-admin");
    await admin.deleteTopics({ topics: ["pk-admin"] });
    expect(await admin.listTopics()).not.toContain("pk-admin");
  });

  it("produces every compression codec, read back exactly", async () => {
    await admin.createTopics({ topics: ["pk-codecs"], partitions: 1, replicas: 1 });
    const producer = new PlatformaticProducer({ ...options(), idempotent: true });
    const expected: string[] = [];
    try {
      for (const compression of ["none", "gzip", "snappy", "lz4", "zstd"] as const) {
        const values = Array.from({ length: 50 }, (_, i) => `${compression}-${i}-${"y".repeat(i)}`);
        expected.push(...values);
        await producer.send({
          compression,
          messages: values.map((v) => ({
            topic: "pk-codecs",
            partition: 0,
            key: Buffer.from(compression),
            value: Buffer.from(v),
            headers: new Map([[Buffer.from("codec"), Buffer.from(compression)]]),
          })),
        });
      }
    } finally {
      await producer.close();
    }
    const records = await readHttp("pk-codecs");
    expect(records.map((r) => r.value)).toEqual(expected);
    expect(records[60]).toMatchObject({ key: "gzip", headers: { codec: "gzip" } });
  });
});
