// The SDK consumer's membership over time, against the real worker: subscribing to more topics
// while running (KIP-848: the heartbeat carries the new list), and losing the membership to an
// expired session or a fenced epoch (onPartitionsLost, no commit, rejoin from the commits).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { TopicPartition } from "../../src/client/consumer-types.js";
import { EdgelogClientError } from "../../src/client/errors.js";
import type { TopicPartitions } from "../../src/protocol/types.js";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { Consumers, collected, groupOffsets } from "../support/sdk-consumers.js";
import { api } from "../support/workerd-api.js";

const consumers = new Consumers();
const errors = consumers.errors;

afterEach(() => consumers.disconnectAll());

/** Produces numbered records round-robin over a topic's partitions; counts what it produced. */
class Numbered {
  produced = 0;

  constructor(
    readonly topic: string,
    readonly partitions: number,
  ) {}

  async produce(count: number): Promise<void> {
    const records = Array.from({ length: count }, () => {
      const id = this.produced++;
      return { partition: id % this.partitions, value: { id } };
    });
    expect((await api.produce(this.topic, records)).status).toBe(200);
  }
}

/** Keeps producing small paced batches to every stream until the returned stop is awaited. */
function produceInBackground(streams: Numbered[]): () => Promise<void> {
  let producing = true;
  const running = (async () => {
    for (let batch = 0; producing && batch < 200; batch++) {
      for (const stream of streams) await stream.produce(2);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    producing = false;
    await running;
  };
}

/** `topic:id` of every record handled, so a repeat or a gap shows. */
function tally(processed: string[]) {
  return async ({ topic, message }: { topic: string; message: { value?: unknown } }) => {
    processed.push(`${topic}:${(message.value as { id: number }).id}`);
  };
}

function expectEachOnce(processed: string[], streams: Numbered[]): void {
  const expected = streams.flatMap((s) =>
    Array.from({ length: s.produced }, (_, id) => `${s.topic}:${id}`),
  );
  expect([...processed].sort()).toEqual(expected.sort());
}

function coordinator(groupId: string) {
  return (env as unknown as Env).GROUPS.getByName(`group/${groupId}`);
}

/** Rewrites the coordinator's record of one member, then runs its session alarm at once. */
async function onCoordinator(groupId: string, update: string, memberId: string): Promise<void> {
  await runInDurableObject(coordinator(groupId), async (instance, state) => {
    // No await between the write and the alarm's reading: no heartbeat can slip in and renew.
    state.storage.sql.exec(`UPDATE members SET ${update} WHERE member_id = ?`, memberId);
    await instance.alarm();
  });
}

async function memberIds(groupId: string): Promise<string[]> {
  const described = await api.request<{ members: Array<{ memberId: string }> }>(
    "GET",
    `/v1/groups/${groupId}`,
  );
  expect(described.status).toBe(200);
  return described.body.members.map((m) => m.memberId);
}

describe("SDK consumer subscription changes", () => {
  it("reads a topic subscribed while running, losing and repeating nothing", async () => {
    // One member reads `first`; subscribing to `second` mid-stream adds its partitions (from
    // the log start: fromBeginning) while `first` goes on; every record is handled once.
    const first = new Numbered(uniqueTopic(), 2);
    const second = new Numbered(uniqueTopic(), 2);
    for (const s of [first, second]) await api.createTopic(s.topic, { partitions: 2 });
    const groupId = uniqueTopic("g");
    const processed: string[] = [];
    const assigned: TopicPartition[] = [];
    const revoked: TopicPartition[] = [];
    const member = consumers.create({ groupId, fromBeginning: true });
    await member.subscribe({ topics: [first.topic] });
    await member.run({
      eachMessage: tally(processed),
      onPartitionsAssigned: (partitions) => void assigned.push(...partitions),
      onPartitionsRevoked: (partitions) => void revoked.push(...partitions),
    });
    await first.produce(10);
    await second.produce(10);
    await collected("the first topic's records", processed, 10);

    const stop = produceInBackground([first, second]);
    await member.subscribe({ topics: [second.topic] });
    await eventually("records of the second topic", async () =>
      processed.some((p) => p.startsWith(`${second.topic}:`)) ? true : undefined,
    );
    await stop();
    await first.produce(4);
    await second.produce(4);
    await collected("every record", processed, first.produced + second.produced);

    expectEachOnce(processed, [first, second]);
    expect(assigned).toEqual(
      expect.arrayContaining([
        { topic: second.topic, partition: 0 },
        { topic: second.topic, partition: 1 },
      ]),
    );
    expect(revoked).toEqual([]);
    await member.disconnect();
    const offsets = await groupOffsets(groupId);
    expect(offsets).toHaveLength(4);
    for (const entry of offsets) expect(entry.lag).toBe(0);
    expect(errors).toEqual([]);
  });

  it("moves a partition between members when a second one subscribes, cleanly", async () => {
    // A and B share `first` (4 partitions). A subscribes to `second` (2) and gets both; when B
    // subscribes too, the sticky assignor balances 3 and 3: A revokes one partition while in
    // the middle of a page (handler finished, revoked callback, commit of what it handled) and
    // B resumes it from that commit, so nothing is handled twice or skipped.
    const first = new Numbered(uniqueTopic(), 4);
    const second = new Numbered(uniqueTopic(), 2);
    await api.createTopic(first.topic, { partitions: 4 });
    await api.createTopic(second.topic, { partitions: 2 });
    const groupId = uniqueTopic("g");
    const processed: string[] = [];
    const owned = { a: new Set<string>(), b: new Set<string>() };
    const revokedByA: TopicPartition[] = [];
    /** Records of `second` whose handler (in A) waits until the test opens its gate. */
    const gates = new Map<string, { opened: Promise<void>; open: () => void }>();
    const start = async (name: "a" | "b") => {
      const member = consumers.create({ groupId, fromBeginning: true });
      const track = (add: boolean) => async (partitions: TopicPartition[]) => {
        if (name === "a" && !add) revokedByA.push(...partitions);
        for (const p of partitions)
          owned[name][add ? "add" : "delete"](`${p.topic}/${p.partition}`);
      };
      await member.subscribe({ topics: [first.topic] });
      await member.run({
        eachMessage: async (payload) => {
          await tally(processed)(payload);
          const id = (payload.message.value as { id: number }).id;
          if (name === "a") await gates.get(`${payload.topic}:${id}`)?.opened;
        },
        onPartitionsAssigned: track(true),
        onPartitionsRevoked: track(false),
      });
      return member;
    };
    const balanced = (a: number, b: number) =>
      eventually(`A owning ${a} and B ${b}`, async () =>
        owned.a.size === a && owned.b.size === b ? true : undefined,
      );
    const handled = (record: string) =>
      eventually(`${record} handled`, async () => (processed.includes(record) ? true : undefined));

    const a = await start("a");
    const [aId] = await memberIds(groupId);
    const b = await start("b");
    await balanced(2, 2);
    revokedByA.length = 0; // the two B's join took
    const stop = produceInBackground([first, second]);
    await a.subscribe({ topics: [second.topic] });
    await balanced(4, 2);
    expect(revokedByA).toEqual([]);
    await handled(`${second.topic}:0`);
    await stop();
    // One page of four per partition of `second`; A stops inside each, at its second record.
    const next = second.produced;
    const heldIn = [next + 2, next + 3].map((id) => {
      let open = () => {};
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      gates.set(`${second.topic}:${id}`, { opened, open });
      return { partition: id % 2, record: `${second.topic}:${id}`, open };
    });
    await second.produce(8);
    for (const { record } of heldIn) await handled(record);
    await b.subscribe({ topics: [second.topic] });
    const kept = await eventually("the coordinator asking A to give one up", async () => {
      const described = await api.request<{
        members: Array<{ memberId: string; assignment: TopicPartitions[] }>;
      }>("GET", `/v1/groups/${groupId}`);
      const mine = described.body.members.find((m) => m.memberId === aId)?.assignment ?? [];
      const count = mine.reduce((sum, t) => sum + t.partitions.length, 0);
      return count === 3 ? mine.find((t) => t.topic === second.topic)?.partitions : undefined;
    });
    // The moving partition's handler finishes first, alone: only the revocation's own commit
    // (no page completing elsewhere) can carry its last record to B.
    for (const held of heldIn) if (!kept.includes(held.partition)) held.open();
    await balanced(3, 3);
    for (const held of heldIn) held.open();
    await first.produce(8);
    await second.produce(4);
    await collected("every record", processed, first.produced + second.produced);

    expect(revokedByA).toHaveLength(1);
    const moved = revokedByA[0] as TopicPartition;
    expect(owned.b.has(`${moved.topic}/${moved.partition}`)).toBe(true);
    expectEachOnce(processed, [first, second]);
    await consumers.disconnectAll();
    for (const entry of await groupOffsets(groupId)) expect(entry.lag).toBe(0);
  });

  it("refuses a topic that does not exist, and the membership carries on", async () => {
    // The coordinator refuses the heartbeat naming the unknown topic: subscribe() rejects, the
    // topic leaves the subscription, and the member keeps its partitions and its session.
    const topic = new Numbered(uniqueTopic(), 1);
    await api.createTopic(topic.topic, { partitions: 1 });
    const groupId = uniqueTopic("g");
    const processed: string[] = [];
    const lost: TopicPartition[][] = [];
    const member = consumers.create({ groupId, fromBeginning: true });
    await member.subscribe({ topics: [topic.topic] });
    await member.run({
      eachMessage: tally(processed),
      onPartitionsLost: (partitions) => void lost.push(partitions),
    });
    const before = await memberIds(groupId);

    const refused = member.subscribe({ topics: [uniqueTopic("missing")] });
    await expect(refused).rejects.toBeInstanceOf(EdgelogClientError);
    await expect(refused).rejects.toMatchObject({ code: "TOPIC_NOT_FOUND" });
    expect(() => member.subscribe({ topics: ["no/slashes"] })).toThrow(TypeError);
    await topic.produce(5);
    await collected("records after the refusal", processed, 5);
    const later = new Numbered(uniqueTopic(), 1);
    await api.createTopic(later.topic, { partitions: 1 });
    await later.produce(3);
    await member.subscribe({ topics: [later.topic] });
    await collected("records of the topic subscribed after", processed, 8);

    expect(await memberIds(groupId)).toEqual(before);
    expectEachOnce(processed, [topic, later]);
    expect(lost).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("SDK consumer losing its membership", () => {
  it.each([
    ["its session expires", "expires_at = 1"],
    ["it is fenced", "member_epoch = member_epoch + 1"],
  ])(
    "when %s: onPartitionsLost, no commit, rejoin from the committed offset",
    async (_, update) => {
      // Offsets 0-4 are handled and committed; the member is inside the handler of offset 7 (5
      // and 6 done, not committed) when it loses the group. It stops without committing, hears
      // onPartitionsLost, rejoins, and reads again from the committed offset 5.
      const topic = new Numbered(uniqueTopic(), 1);
      await api.createTopic(topic.topic, { partitions: 1 });
      const groupId = uniqueTopic("g");
      const handled: number[] = [];
      const lost: Array<{ partitions: TopicPartition[]; committed: number | null | undefined }> =
        [];
      let open = () => {};
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const member = consumers.create({ groupId, fromBeginning: true });
      await member.subscribe({ topics: [topic.topic] });
      await member.run({
        eachMessage: async ({ message }) => {
          handled.push(message.offset);
          if (message.offset === 7) await gate;
        },
        onPartitionsLost: async (partitions) => {
          lost.push({ partitions, committed: (await groupOffsets(groupId))[0]?.offset });
        },
      });
      await topic.produce(5);
      await eventually("offset 5 committed", async () =>
        (await groupOffsets(groupId))[0]?.offset === 5 ? true : undefined,
      );
      await topic.produce(5);
      await collected("the handler of offset 7 started", handled, 8);
      const [lostId] = await memberIds(groupId);

      await onCoordinator(groupId, update, lostId as string);
      await eventually("the heartbeat answered as lost", async () =>
        errors.length > 0 ? true : undefined,
      );
      open();
      await collected("onPartitionsLost", lost, 1);
      // A fenced member stays in the group until its session ends: end it now, so its partition
      // is free for the member's new identity (a no-op when it expired already).
      await onCoordinator(groupId, "expires_at = 1", lostId as string);
      await collected("offsets 5-9 again", handled, 13);
      await eventually("offset 10 committed", async () =>
        (await groupOffsets(groupId))[0]?.offset === 10 ? true : undefined,
      );

      expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 5, 6, 7, 8, 9]);
      expect(lost).toEqual([{ partitions: [{ topic: topic.topic, partition: 0 }], committed: 5 }]);
      expect(await memberIds(groupId)).not.toContain(lostId);
      const expectedCode = update.startsWith("expires") ? "UNKNOWN_MEMBER" : "FENCED_MEMBER_EPOCH";
      expect(errors.map((e) => e.context)).toEqual([{ operation: "heartbeat" }]);
      expect(errors[0]?.error).toMatchObject({ code: expectedCode });
      errors.length = 0;
    },
  );
});
