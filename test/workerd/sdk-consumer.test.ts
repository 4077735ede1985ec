// The SDK's consumer against the real worker (through its fetch, as a Workers service binding
// would call it): group membership, cooperative handover, commits, seek, pause and resume.
import { afterEach, describe, expect, it } from "vitest";
import type {
  ConsumedMessage,
  ConsumerOptions,
  TopicPartition,
} from "../../src/client/consumer-types.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { Consumers, collected, groupOffsets, recordFetches } from "../support/sdk-consumers.js";
import { api } from "../support/workerd-api.js";

const consumers = new Consumers();
const errors = consumers.errors;
const consumer = (options: ConsumerOptions) => consumers.create(options);

afterEach(() => consumers.disconnectAll());

describe("SDK consumer", () => {
  it("consumes every record once, in order per partition, and commits to lag 0", async () => {
    // One member reads three partitions from the beginning; after disconnect nothing lags.
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 3 });
    const records = Array.from({ length: 60 }, (_, i) => ({ key: `user-${i % 12}`, value: { i } }));
    expect((await api.produce(topic, records)).status).toBe(200);
    const groupId = uniqueTopic("g");
    const seen: Array<{ partition: number; message: ConsumedMessage }> = [];
    const member = consumer({ groupId, fromBeginning: true });
    member.subscribe({ topics: [topic] });
    await member.run({
      eachMessage: async ({ partition, message }) => void seen.push({ partition, message }),
    });
    await collected("60 records", seen, 60);
    await member.disconnect();

    expect(seen).toHaveLength(60);
    const values = seen.map((s) => (s.message.value as { i: number }).i).sort((a, b) => a - b);
    expect(values).toEqual(records.map((_, i) => i));
    for (let p = 0; p < 3; p++) {
      expect(seen.some((s) => s.partition === p)).toBe(true);
      const offsets = seen.filter((s) => s.partition === p).map((s) => s.message.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
      // Within a partition, produce order is offset order.
      const ids = seen
        .filter((s) => s.partition === p)
        .map((s) => (s.message.value as { i: number }).i);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    const committed = await groupOffsets(groupId);
    expect(committed).toHaveLength(3);
    for (const entry of committed) expect(entry.lag).toBe(0);
    expect(errors).toEqual([]);
  });

  it("shares partitions between two members and hands them over without loss or repeat", async () => {
    // A and B split four partitions; A leaves while records keep arriving; B takes over from
    // A's commits, so every record is processed, and (clean handover) exactly once.
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 4 });
    const groupId = uniqueTopic("g");
    const processed: Array<{ by: string; id: number }> = [];
    const owned = { a: new Set<number>(), b: new Set<number>() };
    const start = async (name: "a" | "b") => {
      const member = consumer({ groupId, fromBeginning: true });
      member.subscribe({ topics: [topic] });
      const track = (add: boolean) => async (partitions: TopicPartition[]) => {
        for (const { partition } of partitions) owned[name][add ? "add" : "delete"](partition);
      };
      await member.run({
        eachMessage: async ({ message }) => {
          processed.push({ by: name, id: (message.value as { id: number }).id });
        },
        onPartitionsAssigned: track(true),
        onPartitionsRevoked: track(false),
      });
      return member;
    };
    let produced = 0;
    const produce = async (count: number) => {
      const records = Array.from({ length: count }, () => {
        const id = produced++;
        return { partition: id % 4, value: { id } };
      });
      expect((await api.produce(topic, records)).status).toBe(200);
    };

    const a = await start("a");
    await produce(20);
    const b = await start("b");
    await eventually("both members own partitions", async () =>
      owned.a.size > 0 && owned.b.size > 0 && owned.a.size + owned.b.size === 4 ? true : undefined,
    );
    await produce(20);
    await collected("the first 40 records", processed, 40);
    expect(processed.some((p) => p.by === "b")).toBe(true);

    // Records keep coming while A leaves: small batches, paced so the handover falls among them.
    let producing = true;
    const background = (async () => {
      for (let batch = 0; producing && batch < 100; batch++) {
        await produce(4);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await collected("records during the handover", processed, 60);
    const producedBeforeLeave = produced;
    await a.disconnect();
    await eventually("B owns every partition", async () => (owned.b.size === 4 ? true : undefined));
    const producedAtTakeover = produced;
    producing = false;
    await background;
    expect(producedAtTakeover).toBeGreaterThan(producedBeforeLeave);
    await produce(20);
    await collected("every record", processed, produced);

    const ids = processed.map((p) => p.id);
    expect(new Set(ids).size).toBe(produced);
    // A committed on revoke and on leave, so B started exactly where A stopped.
    expect(ids).toHaveLength(produced);
    await b.disconnect();
    for (const entry of await groupOffsets(groupId)) expect(entry.lag).toBe(0);
    expect(errors).toEqual([]);
  });

  it("pauses, resumes, and seeks a partition", async () => {
    // A paused partition is not fetched; resume picks up where it stopped; seek rereads.
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 1 });
    await api.produce(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ value: i })),
    );
    const offsets: number[] = [];
    const member = consumer({ groupId: uniqueTopic("g"), fromBeginning: true });
    member.subscribe({ topics: [topic] });
    await member.run({ eachMessage: async ({ message }) => void offsets.push(message.offset) });
    await collected("10 records", offsets, 10);

    member.pause([{ topic }]);
    expect(member.paused()).toEqual([{ topic, partition: 0 }]);
    // A long-poll already in flight when pausing is answered (empty) first: await its answer.
    await eventually("no fetch in flight", async () =>
      recordFetches.inFlightFor(topic) === 0 ? true : undefined,
    );
    const fetchesBefore = recordFetches.startedFor(topic);
    await api.produce(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ value: 10 + i })),
    );
    // Only the absence of progress shows a pause: give it several poll rounds (200 ms each), in
    // which the paused reader fetches nothing at all, so nothing new is handled.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(recordFetches.startedFor(topic)).toBe(fetchesBefore);
    expect(offsets).toHaveLength(10);

    member.resume([{ topic }]);
    expect(member.paused()).toEqual([]);
    await collected("15 records", offsets, 15);
    expect(offsets).toEqual(Array.from({ length: 15 }, (_, i) => i));

    member.seek({ topic, partition: 0, offset: 3 });
    await collected("records 3..14 again", offsets, 27);
    expect(offsets.slice(15)).toEqual(Array.from({ length: 12 }, (_, i) => 3 + i));
  });

  it("retries a failing handler at the same record and commits nothing past it", async () => {
    // The handler fails twice at offset 2: the record comes again (after a backoff), the
    // partition does not move past it, and onError hears of each failure.
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 1 });
    await api.produce(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ value: i })),
    );
    const attempts: number[] = [];
    let failures = 0;
    const groupId = uniqueTopic("g");
    const member = consumer({ groupId, fromBeginning: true });
    member.subscribe({ topics: [topic] });
    await member.run({
      eachMessage: async ({ message }) => {
        attempts.push(message.offset);
        if (message.offset === 2 && failures < 2) {
          failures++;
          throw new Error("downstream unavailable");
        }
      },
    });
    await collected("all five processed", attempts, 7);
    expect(attempts).toEqual([0, 1, 2, 2, 2, 3, 4]);
    expect(errors.map((e) => e.context)).toEqual([
      { operation: "handler", topic, partition: 0, offset: 2 },
      { operation: "handler", topic, partition: 0, offset: 2 },
    ]);
    errors.length = 0;
    await member.disconnect();
    const [entry] = await groupOffsets(groupId);
    expect(entry?.offset).toBe(5);
  });

  it("hands pages to eachBatch and, without autoCommit, commits only what the handler commits", async () => {
    // The first batch commits part of itself and fails: the next batch starts after that part,
    // and the group's offset is what the handler committed, never more.
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 1 });
    await api.produce(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ value: i })),
    );
    const batches: number[][] = [];
    const groupId = uniqueTopic("g");
    const member = consumer({ groupId, fromBeginning: true, autoCommit: false });
    member.subscribe({ topics: [topic] });
    await member.run({
      eachBatch: async ({ messages, commit }) => {
        batches.push(messages.map((m) => m.offset));
        if (batches.length === 1) {
          await commit(4);
          throw new Error("failed after the first four");
        }
        if (batches.length === 2) await commit(8);
      },
    });
    await collected("two batches", batches, 2);
    await member.disconnect();
    expect(batches[0]).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(batches[1]).toEqual([4, 5, 6, 7, 8, 9]);
    const [entry] = await groupOffsets(groupId);
    expect(entry?.offset).toBe(8);
    expect(errors.map((e) => e.context)).toEqual([
      { operation: "handler", topic, partition: 0, offset: 0 },
    ]);
    errors.length = 0;
  });

  it("starts a re-created topic at its beginning, not at the deleted topic's commit", async () => {
    // Issue 14: offset 100 committed before the topic was deleted must not skip records 0-99
    // of the topic created under the same name.
    const topic = uniqueTopic();
    const groupId = uniqueTopic("g");
    await api.createTopic(topic, { partitions: 1 });
    const commit = await api.request("POST", `/v1/groups/${groupId}/offsets`, {
      offsets: [{ topic, partition: 0, offset: 100 }],
    });
    expect(commit.status).toBe(200);
    expect((await api.request("DELETE", `/v1/topics/${topic}`)).status).toBe(204);
    await api.createTopic(topic, { partitions: 1 });
    await api.produce(
      topic,
      Array.from({ length: 120 }, (_, i) => ({ value: i })),
    );
    const seen: number[] = [];
    const member = consumer({ groupId, fromBeginning: true });
    member.subscribe({ topics: [topic] });
    await member.run({ eachMessage: async ({ message }) => void seen.push(message.offset) });
    await collected("120 records", seen, 120);
    await member.disconnect();
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i));
    const [entry] = await groupOffsets(groupId);
    expect(entry).toMatchObject({ offset: 120, lag: 0 });
    expect(errors).toEqual([]);
  });
});
