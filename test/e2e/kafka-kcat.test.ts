// kcat (librdkafka) against wrangler dev through the Kafka gateway: metadata, produce with keys,
// headers and timestamps, consume from the beginning, every compression codec read back
// exactly, offsets by timestamp, and records crossing between HTTP and Kafka byte for byte
// (design/kafka-gateway.md, "Bytes are exact").
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { kafkaGatewayForFile, kcat } from "../support/kafka.js";
import { readmeCommands } from "../support/readme.js";

const gateway = kafkaGatewayForFile("edgelog-kafka-kcat-");

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const request: RequestInit = { method: init.method ?? "GET" };
  if (init.body !== undefined) {
    request.body = JSON.stringify(init.body);
    request.headers = { "content-type": "application/json" };
  }
  const response = await fetch(`${gateway.dev().base}${path}`, request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function createTopic(name: string, partitions = 1) {
  const { status } = await api("/v1/topics", { method: "POST", body: { name, partitions } });
  expect(status).toBe(201);
}

/** kcat with the gateway as its broker; fails the test with kcat's stderr on a non-zero exit. */
async function run(args: string[], input: string | Buffer = "") {
  const result = await kcat(["-b", gateway.broker(), ...args], input);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

async function readHttp(topic: string, partition = 0) {
  const { body } = await api(`/v1/topics/${topic}/partitions/${partition}/records`);
  return body.records as Array<Record<string, unknown>>;
}

describe("kcat through the Kafka gateway", () => {
  it("lists brokers and topics: the gateway leads every partition", async () => {
    await createTopic("kc-meta", 3);
    const { stdout } = await run(["-L", "-J"]);
    const metadata = JSON.parse(stdout) as {
      brokers: Array<{ id: number; name: string }>;
      topics: Array<{ topic: string; partitions: Array<{ partition: number; leader: number }> }>;
    };
    expect(metadata.brokers).toEqual([{ id: 0, name: gateway.broker() }]);
    const topic = metadata.topics.find((t) => t.topic === "kc-meta");
    expect(topic?.partitions.map((p) => [p.partition, p.leader])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
  });

  it("produces keys, headers and timestamps that HTTP and kcat read back exactly", async () => {
    await createTopic("kc-records");
    await run(
      ["-P", "-t", "kc-records", "-p", "0", "-K", ":", "-H", "trace=abc"],
      "k1:v1\nk2:v2\n",
    );
    const records = await readHttp("kc-records");
    expect(records.map((r) => [r.offset, r.key, r.value, r.headers])).toEqual([
      [0, "k1", "v1", { trace: "abc" }],
      [1, "k2", "v2", { trace: "abc" }],
    ]);
    const { stdout } = await run([
      "-C",
      "-t",
      "kc-records",
      "-p",
      "0",
      "-o",
      "beginning",
      "-e",
      "-q",
      "-f",
      "%o|%k|%s|%h|%T\\n",
    ]);
    const timestamp = records[0]?.timestamp;
    expect(stdout).toBe(
      `0|k1|v1|trace=abc|${timestamp}\n1|k2|v2|trace=abc|${records[1]?.timestamp}\n`,
    );
  });

  it("appends a pipelined producer's batches in the order sent, as a Kafka broker does", async () => {
    // kcat (librdkafka) sends many Produce requests before the first answer; the gateway works
    // on several at once, but their appends must not overtake each other.
    await createTopic("kc-order");
    // Batches of 1,000 × 100 B: large requests vary most in how long edgelog takes to take them.
    const count = 40_000;
    const values = Array.from({ length: count }, (_, i) => String(i).padStart(100, "0"));
    const options = ["batch.num.messages=1000", "linger.ms=5", "acks=all"];
    await run(
      ["-P", "-t", "kc-order", "-p", "0", ...options.flatMap((o) => ["-X", o])],
      `${values.join("\n")}\n`,
    );
    const read: string[] = [];
    while (read.length < count) {
      const { body } = await api(
        `/v1/topics/kc-order/partitions/0/records?offset=${read.length}&maxRecords=10000`,
      );
      const records = body.records as Array<{ value: string }>;
      expect(records.length).toBeGreaterThan(0);
      read.push(...records.map((r) => r.value));
    }
    expect(read.findIndex((value, i) => value !== values[i])).toBe(-1);
  });

  it("reads every compression codec a librdkafka producer sends, exactly", async () => {
    await createTopic("kc-codecs");
    const expected: string[] = [];
    for (const codec of ["none", "gzip", "snappy", "lz4", "zstd"]) {
      const lines = Array.from({ length: 200 }, (_, i) => `${codec}-${i}-${"x".repeat(i % 50)}`);
      expected.push(...lines);
      await run(["-P", "-t", "kc-codecs", "-p", "0", "-z", codec], `${lines.join("\n")}\n`);
    }
    const { stdout } = await run([
      "-C",
      "-t",
      "kc-codecs",
      "-p",
      "0",
      "-o",
      "beginning",
      "-e",
      "-q",
    ]);
    expect(stdout.split("\n").slice(0, -1)).toEqual(expected);
    const http = await api("/v1/topics/kc-codecs/partitions/0/records?maxRecords=1000");
    const values = (http.body.records as Array<{ value: string }>).map((r) => r.value);
    expect(values).toEqual(expected);
  });

  it("crosses HTTP and Kafka byte for byte: text, JSON, bytes and tombstones", async () => {
    await createTopic("kc-bytes");
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41]);
    const produced = await api("/v1/topics/kc-bytes/records", {
      method: "POST",
      body: {
        records: [
          { key: "text", value: "héllo ✓", partition: 0 },
          { key: "json", value: { a: [1, 2], b: "c" }, partition: 0 },
          {
            keyBase64: binary.toString("base64"),
            valueBase64: binary.toString("base64"),
            partition: 0,
          },
          { key: "gone", value: null, partition: 0 },
        ],
      },
    });
    expect(produced.status).toBe(200);
    // %S: the value's length (-1 for null), so a tombstone is told from an empty value.
    const { bytes } = await run([
      "-C",
      "-t",
      "kc-bytes",
      "-p",
      "0",
      "-o",
      "beginning",
      "-e",
      "-q",
      "-f",
      "%K:%k|%S:%s\\n",
    ]);
    const expected = Buffer.concat([
      Buffer.from('4:text|10:héllo ✓\n4:json|19:{"a":[1,2],"b":"c"}\n'),
      Buffer.from("5:"),
      binary,
      Buffer.from("|5:"),
      binary,
      Buffer.from("\n"),
      Buffer.from("4:gone|-1:\n"),
    ]);
    expect(bytes.equals(expected), bytes.toString("hex")).toBe(true);
    // Kafka → HTTP: bytes that are not UTF-8 read as base64, text as strings.
    await run(
      ["-P", "-t", "kc-bytes", "-p", "0", "-K", "|"],
      Buffer.concat([Buffer.from([0x6b, 0xff, 0x7c]), binary, Buffer.from("\nplain|text\n")]),
    );
    const records = (await readHttp("kc-bytes")).slice(4);
    expect(records.map((r) => [r.key ?? r.keyBase64, r.value ?? r.valueBase64])).toEqual([
      [Buffer.from([0x6b, 0xff]).toString("base64"), binary.toString("base64")],
      ["plain", "text"],
    ]);
  });

  it("finds offsets by timestamp (kcat -o s@…)", async () => {
    await createTopic("kc-times");
    await api("/v1/topics/kc-times/records", {
      method: "POST",
      body: {
        records: [1000, 2000, 3000].map((t) => ({ value: `at-${t}`, timestamp: t, partition: 0 })),
      },
    });
    const { stdout } = await run([
      "-C",
      "-t",
      "kc-times",
      "-p",
      "0",
      "-o",
      "s@1500",
      "-e",
      "-q",
      "-f",
      "%o %s\\n",
    ]);
    expect(stdout).toBe("1 at-2000\n2 at-3000\n");
  });

  it("runs the README's Kafka clients commands verbatim (its addresses replaced)", async () => {
    const [script] = readmeCommands("kafka");
    const local = (script ?? "")
      .replaceAll("localhost:9092", gateway.broker())
      .replaceAll("localhost:8787", gateway.dev().base.replace("http://", ""));
    const { stdout } = await promisify(execFile)("sh", ["-c", local]);
    const consumed = stdout.split("\n").filter((line) => /^\d+\/\d+ /.test(line));
    expect(consumed.map((line) => line.replace(/^\d+\/\d+ /, "")).sort()).toEqual([
      "user-1=signed up source=kcat",
      "user-2=logged in source=kcat",
    ]);
    // murmur2_random: each key on the partition edgelog's HTTP produce picks for it.
    const http = await api("/v1/topics/kafka-demo/records", {
      method: "POST",
      body: {
        records: [
          { key: "user-1", value: "x" },
          { key: "user-2", value: "x" },
        ],
      },
    });
    const partitions = (http.body.offsets as Array<{ partition: number }>).map((o) => o.partition);
    const kafkaPartitions = ["user-1", "user-2"].map((key) =>
      Number(consumed.find((line) => line.includes(` ${key}=`))?.split("/")[0]),
    );
    expect(kafkaPartitions).toEqual(partitions);
  });
});
