// Consumer groups of real Kafka clients through the gateway (design/kafka-gateway.md, the classic
// protocol): kafkajs, @platformatic/kafka and kcat's balanced consumer (librdkafka) consume in a
// group of two with commits, the group rebalances when a third member joins, and what they
// committed is visible over HTTP, as the group's description is, with each member's host the
// Kafka client's own address.

import { connect } from "node:net";
import { Consumer as PlatformaticConsumer, stringDeserializers } from "@platformatic/kafka";
import { type Consumer, Kafka, logLevel } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { kafkaGatewayForFile, kcat } from "../support/kafka.js";

const gateway = kafkaGatewayForFile("edgelog-kafka-groups-");

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const request: RequestInit = { method: init.method ?? "GET" };
  if (init.body !== undefined) {
    request.body = JSON.stringify(init.body);
    request.headers = { "content-type": "application/json" };
  }
  const response = await fetch(`${gateway.dev().base}${path}`, request);
  const text = await response.text();
  return {
    status: response.status,
    body: (text === "" ? null : JSON.parse(text)) as Record<string, unknown>,
  };
}

/** A topic of `partitions` partitions with `perPartition` records in each, produced over HTTP. */
async function topicWithRecords(name: string, partitions: number, perPartition: number) {
  expect((await api("/v1/topics", { method: "POST", body: { name, partitions } })).status).toBe(
    201,
  );
  const records = Array.from({ length: partitions * perPartition }, (_, i) => ({
    partition: i % partitions,
    value: `r${i}`,
  }));
  const produced = await api(`/v1/topics/${name}/records`, { method: "POST", body: { records } });
  expect(produced.status).toBe(200);
}

/** The group's committed offset per partition, over HTTP (null: none yet). */
async function committed(group: string): Promise<Array<number | null>> {
  const answer = await api(`/v1/groups/${group}/offsets`);
  if (answer.status !== 200) return [];
  const rows = answer.body.offsets as Array<{ partition: number; offset: number | null }>;
  return rows.sort((a, b) => a.partition - b.partition).map((r) => r.offset);
}

async function allCommitted(group: string, partitions: number, offset: number) {
  await eventually(
    `${group} committed ${offset} in ${partitions} partitions`,
    async () => {
      const offsets = await committed(group);
      return offsets.length === partitions && offsets.every((o) => o === offset) ? true : undefined;
    },
    30_000,
  );
}

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop().catch(() => {})));
});

describe("consumer groups through the Kafka gateway", () => {
  it("kafkajs: two members share the partitions and commit; a third joins and all rebalance", async () => {
    await topicWithRecords("kg-kafkajs", 4, 5);
    const kafka = new Kafka({
      clientId: "kjs",
      brokers: [gateway.broker()],
      logLevel: logLevel.NOTHING,
    });
    const seen = new Set<string>();
    const assignments = new Map<string, number[]>();
    async function member(name: string): Promise<Consumer> {
      const consumer = kafka.consumer({
        groupId: "kg-kafkajs-group",
        sessionTimeout: 10_000,
        rebalanceTimeout: 10_000,
        heartbeatInterval: 300,
        // kafkajs heartbeats between fetches: a short fetch wait lets it see a rebalance soon.
        maxWaitTimeInMs: 300,
      });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        assignments.set(name, event.payload.memberAssignment["kg-kafkajs"] ?? []);
      });
      await consumer.connect();
      running.push(() => consumer.disconnect());
      await consumer.subscribe({ topic: "kg-kafkajs", fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.add(`${partition}:${message.offset}`);
        },
      });
      return consumer;
    }
    await member("a");
    await member("b");
    await eventually(
      "both consumers share the 4 partitions",
      async () => {
        const shares = [...assignments.values()];
        return shares.length === 2 &&
          shares.flat().length === 4 &&
          shares.every((s) => s.length === 2)
          ? true
          : undefined;
      },
      30_000,
    );
    await eventually(
      "every record consumed",
      async () => (seen.size === 20 ? true : undefined),
      30_000,
    );
    await allCommitted("kg-kafkajs-group", 4, 5);
    const described = await api("/v1/groups/kg-kafkajs-group");
    expect(described.body).toMatchObject({
      groupType: "classic",
      protocolType: "consumer",
      state: "Stable",
    });
    expect((described.body.members as unknown[]).length).toBe(2);

    await member("c");
    await eventually(
      "three members share the 4 partitions",
      async () => {
        const shares = [...assignments.values()];
        return shares.length === 3 &&
          shares.flat().length === 4 &&
          shares.every((s) => s.length >= 1)
          ? true
          : undefined;
      },
      30_000,
    );
    const more = Array.from({ length: 4 }, (_, partition) => ({ partition, value: "late" }));
    await api("/v1/topics/kg-kafkajs/records", { method: "POST", body: { records: more } });
    await eventually(
      "the new records consumed",
      async () => (seen.size === 24 ? true : undefined),
      30_000,
    );
    await allCommitted("kg-kafkajs-group", 4, 6);
    const listed = await api("/v1/groups");
    const group = (listed.body.groups as Array<Record<string, unknown>>).find(
      (g) => g.groupId === "kg-kafkajs-group",
    );
    expect(group).toMatchObject({ groupType: "classic", members: 3 });
  });

  it("@platformatic/kafka: two members consume every record once between them and commit", async () => {
    await topicWithRecords("kg-platformatic", 2, 3);
    const seen: string[] = [];
    for (const clientId of ["p1", "p2"]) {
      const consumer = new PlatformaticConsumer({
        groupId: "kg-platformatic-group",
        clientId,
        bootstrapBrokers: [gateway.broker()],
        deserializers: stringDeserializers,
        sessionTimeout: 10_000,
        rebalanceTimeout: 10_000,
        heartbeatInterval: 300,
      });
      running.push(() => consumer.close(true));
      const stream = await consumer.consume({
        topics: ["kg-platformatic"],
        mode: "committed",
        fallbackMode: "earliest",
        autocommit: 100,
      });
      stream.on("data", (message) => seen.push(`${message.partition}:${message.offset}`));
    }
    await eventually(
      "every record consumed",
      async () => (new Set(seen).size === 6 ? true : undefined),
      30_000,
    );
    await allCommitted("kg-platformatic-group", 2, 3);
    await eventually(
      "two members in the group",
      async () => {
        const described = await api("/v1/groups/kg-platformatic-group");
        return (described.body.members as unknown[]).length === 2 ? true : undefined;
      },
      30_000,
    );
  });

  it("@platformatic/kafka over KIP-848 (ConsumerGroupHeartbeat); kafkajs in that group is refused", async () => {
    await topicWithRecords("kg-kip848", 2, 3);
    const seen = new Set<string>();
    const consumer = new PlatformaticConsumer({
      groupId: "kg-kip848-group",
      clientId: "p848",
      bootstrapBrokers: [gateway.broker()],
      deserializers: stringDeserializers,
      groupProtocol: "consumer",
    });
    running.push(() => consumer.close(true));
    const stream = await consumer.consume({
      topics: ["kg-kip848"],
      mode: "committed",
      fallbackMode: "earliest",
      autocommit: 100,
    });
    stream.on("data", (message) => seen.add(`${message.partition}:${message.offset}`));
    await eventually(
      "every record consumed",
      async () => (seen.size === 6 ? true : undefined),
      30_000,
    );
    await allCommitted("kg-kip848-group", 2, 3);
    const described = await api("/v1/groups/kg-kip848-group");
    expect(described.body).toMatchObject({ groupType: "consumer", state: "Stable" });
    // A classic (JoinGroup) member of the same group id: INCONSISTENT_GROUP_PROTOCOL.
    const kafka = new Kafka({
      clientId: "kjs",
      brokers: [gateway.broker()],
      logLevel: logLevel.NOTHING,
    });
    const classic = kafka.consumer({ groupId: "kg-kip848-group", retry: { retries: 0 } });
    const crashed = new Promise<string>((resolve) => {
      classic.on(classic.events.CRASH, (event) =>
        resolve(String((event.payload.error as { type?: string }).type)),
      );
    });
    await classic.connect();
    running.push(() => classic.disconnect());
    await classic.subscribe({ topic: "kg-kip848" });
    await classic.run({ eachMessage: async () => {} });
    expect(await crashed).toBe("INCONSISTENT_GROUP_PROTOCOL");
  });

  it("a member's host is the Kafka client's address (127.0.0.2 here), not the gateway's (127.0.0.1)", async () => {
    await topicWithRecords("kg-host", 1, 1);
    // The client connects from 127.0.0.2 (Linux routes all of 127/8 to loopback); the gateway
    // reaches edgelog from 127.0.0.1, which wrangler dev sets as CF-Connecting-IP.
    const kafka = new Kafka({
      clientId: "kjs-host",
      brokers: [gateway.broker()],
      logLevel: logLevel.NOTHING,
      socketFactory: ({ host, port, onConnect }) =>
        connect({ host, port, localAddress: "127.0.0.2" }, onConnect),
    });
    const consumer = kafka.consumer({ groupId: "kg-host-group", maxWaitTimeInMs: 300 });
    await consumer.connect();
    running.push(() => consumer.disconnect());
    await consumer.subscribe({ topic: "kg-host", fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    const members = await eventually(
      "the consumer is a member",
      async () => {
        const described = await api("/v1/groups/kg-host-group");
        const list = described.body?.members as Array<Record<string, unknown>> | undefined;
        return list !== undefined && list.length === 1 ? list : undefined;
      },
      30_000,
    );
    expect(members[0]).toMatchObject({ clientId: "kjs-host", host: "127.0.0.2" });
    const admin = kafka.admin();
    await admin.connect();
    running.push(() => admin.disconnect());
    const { groups } = await admin.describeGroups(["kg-host-group"]);
    expect(groups[0]?.members[0]?.clientHost).toBe("127.0.0.2");
  });

  it("kcat -G: two balanced consumers read the topic between them and commit", async () => {
    await topicWithRecords("kg-kcat", 2, 4);
    const args = [
      "-b",
      gateway.broker(),
      "-G",
      "kg-kcat-group",
      "-X",
      "auto.offset.reset=earliest",
      "-e",
      "-q",
      "-f",
      "%p:%o\\n",
      "kg-kcat",
    ];
    const [one, two] = await Promise.all([kcat(args), kcat(args)]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const lines = `${one.stdout}${two.stdout}`.split("\n").filter((l) => l !== "");
    expect(new Set(lines).size).toBe(8);
    await allCommitted("kg-kcat-group", 2, 4);
  });
});
