// The Kafka gateway with auth on: SASL/PLAIN with an edgelog token as the password, its ACL
// applied as over HTTP (a one-topic token produces and reads there, and gets Kafka's
// TOPIC_AUTHORIZATION_FAILED elsewhere); no SASL, or a wrong token, gets no access.
import { Kafka, logLevel } from "kafkajs";
import { beforeAll, describe, expect, it } from "vitest";
import { kafkaGatewayForFile, kcat } from "../support/kafka.js";

const ADMIN_TOKEN = "e2e-kafka-admin-token-0123456789";
const gateway = kafkaGatewayForFile("edgelog-kafka-auth-", { EDGELOG_ADMIN_TOKEN: ADMIN_TOKEN });
let topicToken = "";

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.dev().base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function sasl(password: string): string[] {
  return [
    "-X",
    "security.protocol=SASL_PLAINTEXT",
    "-X",
    "sasl.mechanisms=PLAIN",
    "-X",
    "sasl.username=anyone",
    "-X",
    `sasl.password=${password}`,
  ];
}

beforeAll(async () => {
  for (const name of ["ka-allowed", "ka-other"]) {
    expect((await admin("POST", "/v1/topics", { name })).status).toBe(201);
  }
  const created = await admin("POST", "/v1/tokens", {
    name: "kafka-one-topic",
    acl: [{ resource: "topic:ka-allowed", operations: ["produce", "consume"] }],
  });
  expect(created.status).toBe(201);
  topicToken = created.body.token as string;
});

describe("the Kafka gateway with auth on", () => {
  it("lets a SASL/PLAIN token produce and read where its ACL allows, and only list that", async () => {
    const broker = ["-b", gateway.broker(), ...sasl(topicToken)];
    const listing = await kcat([...broker, "-L", "-J"]);
    expect(listing.code, listing.stderr).toBe(0);
    const topics = (JSON.parse(listing.stdout) as { topics: Array<{ topic: string }> }).topics;
    expect(topics.map((t) => t.topic)).toEqual(["ka-allowed"]);
    const produced = await kcat([...broker, "-P", "-t", "ka-allowed", "-p", "0"], "secret\n");
    expect(produced.code, produced.stderr).toBe(0);
    const read = await kcat([
      ...broker,
      "-C",
      "-t",
      "ka-allowed",
      "-p",
      "0",
      "-o",
      "beginning",
      "-e",
      "-q",
    ]);
    expect(read.stdout).toBe("secret\n");
  });

  it("answers TOPIC_AUTHORIZATION_FAILED for a topic outside the token's ACL", async () => {
    const kafka = new Kafka({
      clientId: "e2e-auth",
      brokers: [gateway.broker()],
      sasl: { mechanism: "plain", username: "anyone", password: topicToken },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const refused = producer.send({
        topic: "ka-other",
        messages: [{ value: "x", partition: 0 }],
      });
      // kafkajs wraps Kafka's error 29 (its metadata answer for the topic) as the cause.
      await expect(refused).rejects.toMatchObject({
        cause: { code: 29, type: "TOPIC_AUTHORIZATION_FAILED" },
      });
      await producer.send({ topic: "ka-allowed", messages: [{ value: "y", partition: 0 }] });
    } finally {
      await producer.disconnect();
    }
  });

  it("gives no access without SASL or with a token edgelog does not know", async () => {
    const plain = await kcat(["-b", gateway.broker(), "-L", "-m", "3"]);
    expect(plain.code).not.toBe(0);
    const wrong = await kcat(["-b", gateway.broker(), ...sasl("not-a-token"), "-L", "-m", "3"]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/SASL authentication error|Authentication failed/i);
    const other = await admin("GET", "/v1/topics/ka-other/partitions/0/records");
    expect(other.body.records).toEqual([]);
  });
});
