// The SDK's share consumer against the real worker: four consumers on one partition process
// every record once (accept on success), a throw releases the record to be delivered again, a
// manual reject sends it to the dead-letter topic, a manual ack too late throws LEASE_EXPIRED, a
// missing group rejects run(), and the admin client creates, lists, describes and deletes share
// groups.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Edgelog, EdgelogClientError, type ShareMessage } from "../../src/client/index.js";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { api } from "../support/workerd-api.js";

function shareObject(group: string) {
  return (env as unknown as Env).SHARE_GROUPS.getByName(`share/${group}`);
}

const quiet = { logger: { error() {}, warn() {}, info() {}, debug() {} } };

function client(): Edgelog {
  return new Edgelog({
    url: "http://edgelog.test",
    fetch: (request) => exports.default.fetch(request),
    retry: { initialMs: 5, maxMs: 20 },
    ...quiet,
  });
}

async function seeded(records: number, deadLetterTopic?: string) {
  const topic = uniqueTopic();
  await api.createTopic(topic);
  await api.produce(
    topic,
    Array.from({ length: records }, (_, i) => ({ value: `v${i}` })),
  );
  const group = uniqueTopic("sg");
  const config = { topics: [topic], startAt: "earliest" as const, deadLetterTopic };
  await client().admin().putShareGroup(group, config);
  return { topic, group };
}

describe("SDK share consumer", () => {
  it("processes each record once across four consumers of one partition", async () => {
    const { group } = await seeded(120);
    const seen: number[] = [];
    const consumers = Array.from({ length: 4 }, () =>
      client().shareConsumer({ group, maxRecords: 5, waitMs: 200 }),
    );
    for (const consumer of consumers) {
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.offset);
        },
      });
    }
    await eventually("all 120 accepted", async () => {
      const view = await client().admin().describeShareGroup(group);
      return view.partitions[0]?.startOffset === 120 ? true : undefined;
    });
    await Promise.all(consumers.map((c) => c.disconnect()));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it("releases a record whose handler throws; a manual reject dead-letters it", async () => {
    const dead = uniqueTopic("dlt");
    await api.createTopic(dead);
    const { group } = await seeded(1, dead);
    const deliveries: ShareMessage[] = [];
    const consumer = client().shareConsumer({ group, waitMs: 200 });
    await consumer.run({
      eachMessage: async ({ message, reject }) => {
        deliveries.push(message);
        if (message.deliveryCount === 1) throw new Error("not yet");
        await reject();
      },
    });
    const letters = await eventually("a dead letter", async () => {
      const records = await api.fetchAll(dead, 0);
      return records.length === 1 ? records : undefined;
    });
    await consumer.disconnect();
    expect(deliveries.map((m) => [m.offset, m.deliveryCount])).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(letters[0]?.headers["edgelog-dead-reason"]).toBe("rejected");
    const view = await client().admin().describeShareGroup(group);
    expect(view.partitions[0]).toMatchObject({ startOffset: 1, archived: 1 });
  });

  it("acks manually; a manual ack after the lease expired throws LEASE_EXPIRED", async () => {
    const { group } = await seeded(2);
    const outcomes: string[] = [];
    const consumer = client().shareConsumer({ group, waitMs: 200 });
    await consumer.run({
      eachMessage: async ({ message, ack }) => {
        if (message.offset === 1 && message.deliveryCount === 1) {
          // The lease runs out while the handler works: its ack comes too late.
          await runInDurableObject(shareObject(group), (_instance, state) => {
            state.storage.sql.exec("UPDATE share_records SET lease_deadline = 1 WHERE offset = 1");
          });
        }
        try {
          await ack();
          outcomes.push(`${message.offset}/${message.deliveryCount} ok`);
        } catch (err) {
          outcomes.push(
            `${message.offset}/${message.deliveryCount} ${(err as EdgelogClientError).code}`,
          );
        }
      },
    });
    await eventually("both accepted", async () => {
      const view = await client().admin().describeShareGroup(group);
      return view.partitions[0]?.startOffset === 2 ? true : undefined;
    });
    await consumer.disconnect();
    expect(outcomes).toEqual(["0/1 ok", "1/1 LEASE_EXPIRED", "1/2 ok"]);
  });

  it("rejects run() for a missing group; the admin client lists and deletes groups", async () => {
    const missing = client().shareConsumer({ group: uniqueTopic("none") });
    const refused = await missing.run({ eachMessage: async () => {} }).catch((err) => err);
    expect(refused).toBeInstanceOf(EdgelogClientError);
    expect((refused as EdgelogClientError).code).toBe("GROUP_NOT_FOUND");
    const { topic, group } = await seeded(3);
    const admin = client().admin();
    expect(await admin.listShareGroups()).toContainEqual({
      groupId: group,
      topics: [topic],
      lagRecords: 3,
    });
    await admin.deleteShareGroup(group);
    const gone = await admin.describeShareGroup(group).catch((err) => err);
    expect((gone as EdgelogClientError).code).toBe("GROUP_NOT_FOUND");
  });
});
