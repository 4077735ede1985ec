// What a group's offsets show (DESIGN.md §4, GET /v1/groups/:g/offsets and /v1/groups/:g): only
// the current incarnation of a topic (a deleted topic's offsets go with it), and every partition
// of the group's topics, with `offset: null` where nothing was committed.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { settle, TestMember } from "../support/groups.js";

interface OffsetRow {
  topic: string;
  partition: number;
  offset: number | null;
  metadata: string | null;
  highWatermark: number;
  logStartOffset: number;
  lag: number;
}

async function offsetsOf(api: Api, group: string): Promise<OffsetRow[]> {
  const answer = await api.request<{ offsets: OffsetRow[] }>("GET", `/v1/groups/${group}/offsets`);
  expect(answer.status).toBe(200);
  return answer.body.offsets;
}

/**
 * The rows of GET /v1/groups/:g, which also say how old the oldest unconsumed record is: a
 * number of seconds wherever the lag is known (0 without lag), kept apart from the row here.
 */
async function describedOffsets(api: Api, group: string): Promise<OffsetRow[]> {
  const answer = await api.request<{ offsets: Array<OffsetRow & { lagSeconds: unknown }> }>(
    "GET",
    `/v1/groups/${group}`,
  );
  expect(answer.status).toBe(200);
  return answer.body.offsets.map(({ lagSeconds, ...row }) => {
    if (row.lag === 0) expect(lagSeconds).toBe(0);
    else if (row.lag === null) expect(lagSeconds).toBeNull();
    else expect(lagSeconds).toBeGreaterThanOrEqual(0);
    return row;
  });
}

function commit(api: Api, group: string, topic: string, offset: number, partition = 0) {
  return api.request("POST", `/v1/groups/${group}/offsets`, {
    offsets: [{ topic, partition, offset, metadata: "m" }],
  });
}

async function recreate(api: Api, topic: string, config: Record<string, unknown> = {}) {
  expect((await api.request("DELETE", `/v1/topics/${topic}`)).status).toBe(204);
  expect((await api.createTopic(topic, config)).status).toBe(201);
}

const values = (n: number) => Array.from({ length: n }, (_, i) => ({ value: i, partition: 0 }));

export function groupOffsetsSuite(api: Api): void {
  describe("group offsets across topic incarnations", () => {
    it("forgets a deleted topic's offsets: the re-created topic shows none and lags in full", async () => {
      // Issue 14: offset 100 committed on the old topic must not skip records 0-99 of the new.
      const topic = uniqueTopic();
      const group = uniqueTopic("g");
      await api.createTopic(topic);
      expect((await commit(api, group, topic, 100)).status).toBe(200);
      expect((await offsetsOf(api, group)).map((o) => o.offset)).toEqual([100]);
      await recreate(api, topic);
      expect((await api.produce(topic, values(120))).status).toBe(200);
      expect(await offsetsOf(api, group)).toEqual([]);
      expect(await describedOffsets(api, group)).toEqual([]);

      // A member subscribed to the new topic sees its partition uncommitted, all 120 records due.
      const member = new TestMember(api, group, "a");
      expect((await member.join({ topics: [topic] })).status).toBe(201);
      expect(await offsetsOf(api, group)).toEqual([
        {
          topic,
          partition: 0,
          offset: null,
          metadata: null,
          highWatermark: 120,
          logStartOffset: 0,
          lag: 120,
        },
      ]);
      await settle([member]);
      const committed = await api.request("POST", `/v1/groups/${group}/offsets`, {
        memberId: member.memberId,
        memberEpoch: member.memberEpoch,
        offsets: [{ topic, partition: 0, offset: 30 }],
      });
      expect(committed.status).toBe(200);
      expect(await offsetsOf(api, group)).toMatchObject([{ offset: 30, metadata: "", lag: 90 }]);
    });

    it("hides no loss behind a stale offset past the new log end", async () => {
      // The old offset 500 is past the new topic's end: it must not reset to the end with lag 0.
      const topic = uniqueTopic();
      const group = uniqueTopic("g");
      await api.createTopic(topic);
      expect((await commit(api, group, topic, 500)).status).toBe(200);
      await recreate(api, topic);
      await api.produce(topic, values(20));
      const member = new TestMember(api, group, "a");
      await member.join({ topics: [topic] });
      expect(await offsetsOf(api, group)).toMatchObject([{ offset: null, lag: 20 }]);
    });

    it("drops the offsets of a topic deleted for good, keeps those of other topics", async () => {
      const [gone, kept] = [uniqueTopic(), uniqueTopic()];
      const group = uniqueTopic("g");
      await api.createTopic(gone);
      await api.createTopic(kept);
      await commit(api, group, gone, 3);
      await commit(api, group, kept, 0);
      expect((await api.request("DELETE", `/v1/topics/${gone}`)).status).toBe(204);
      expect((await offsetsOf(api, group)).map((o) => [o.topic, o.offset])).toEqual([[kept, 0]]);
      // Created again later, the name starts with nothing committed.
      await api.createTopic(gone);
      expect((await offsetsOf(api, group)).map((o) => o.topic)).toEqual([kept]);
    });

    it("resets and commits into the new incarnation after a re-creation", async () => {
      const topic = uniqueTopic();
      const group = uniqueTopic("g");
      await api.createTopic(topic, { partitions: 2 });
      await commit(api, group, topic, 7, 1);
      await recreate(api, topic, { partitions: 2 });
      await api.produce(topic, values(5));
      const reset = await api.request("POST", `/v1/groups/${group}/offsets/reset`, {
        topic,
        to: "earliest",
      });
      expect(reset.status).toBe(200);
      expect((await offsetsOf(api, group)).map((o) => [o.partition, o.offset, o.lag])).toEqual([
        [0, 0, 5],
        [1, 0, 0],
      ]);
      await commit(api, group, topic, 2, 0);
      expect((await offsetsOf(api, group)).map((o) => o.offset)).toEqual([2, 0]);
    });
  });

  describe("group lag over every partition", () => {
    it("lists uncommitted partitions of a subscribed topic with offset null and full lag", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 3 });
      for (const [partition, count] of [
        [0, 4],
        [1, 6],
        [2, 2],
      ] as const) {
        await api.produce(
          topic,
          Array.from({ length: count }, (_, i) => ({ value: i, partition })),
        );
      }
      const group = uniqueTopic("g");
      const member = new TestMember(api, group, "a");
      await member.join({ topics: [topic] });
      await settle([member]);
      const committed = await api.request("POST", `/v1/groups/${group}/offsets`, {
        memberId: member.memberId,
        memberEpoch: member.memberEpoch,
        offsets: [{ topic, partition: 0, offset: 1, metadata: "m" }],
      });
      expect(committed.status).toBe(200);
      const expected = [
        {
          topic,
          partition: 0,
          offset: 1,
          metadata: "m",
          highWatermark: 4,
          logStartOffset: 0,
          lag: 3,
        },
        {
          topic,
          partition: 1,
          offset: null,
          metadata: null,
          highWatermark: 6,
          logStartOffset: 0,
          lag: 6,
        },
        {
          topic,
          partition: 2,
          offset: null,
          metadata: null,
          highWatermark: 2,
          logStartOffset: 0,
          lag: 2,
        },
      ];
      expect(await offsetsOf(api, group)).toEqual(expected);
      expect(await describedOffsets(api, group)).toEqual(expected);
      // Once the member is gone, only topics with commits are the group's: the same three rows.
      await member.leave();
      expect(await offsetsOf(api, group)).toEqual(expected);
    });
  });
}
