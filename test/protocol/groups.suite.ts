// Consumer groups over HTTP (DESIGN.md §4, KIP-848 broker side): assignment and cooperative
// rebalancing with single ownership, static membership, commits and lag, errors, lifecycle, and
// two consumers sharing a topic exactly once.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { expectSingleOwners, settle, TestMember } from "../support/groups.js";

interface GroupView {
  state: string;
  groupEpoch: number;
  members: Array<{ memberId: string; assignment: Array<{ topic: string; partitions: number[] }> }>;
  offsets: Array<{
    topic: string;
    partition: number;
    offset: number;
    highWatermark: number;
    lag: number;
  }>;
}

async function describeGroup(api: Api, group: string) {
  return api.request<GroupView>("GET", `/v1/groups/${group}`);
}

export function groupsSuite(api: Api): void {
  describe("consumer groups", () => {
    it("shares 6 partitions among 3 members, moves only what must move when a 4th joins", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 6 });
      const group = uniqueTopic("g");
      const members = ["a", "b", "c"].map((n) => new TestMember(api, group, n));
      for (const m of members) {
        expect((await m.join({ topics: [topic] })).status).toBe(201);
        expectSingleOwners(members);
      }
      await settle(members);
      expect(members.map((m) => m.owned().length)).toEqual([2, 2, 2]);
      expect(new Set(members.flatMap((m) => m.owned())).size).toBe(6);
      expect((await describeGroup(api, group)).body.state).toBe("Stable");

      const before = new Map(members.flatMap((m) => m.owned().map((k) => [k, m.name])));
      const d = new TestMember(api, group, "d");
      await d.join({ topics: [topic] });
      const four = [...members, d];
      expectSingleOwners(four);
      await settle(four);
      const sizes = four.map((m) => m.owned().length).sort();
      expect(sizes).toEqual([1, 1, 2, 2]);
      const moved = four.flatMap((m) => m.owned().filter((k) => before.get(k) !== m.name));
      expect(moved).toHaveLength(1); // 6 over 4: exactly one partition had to move, to d

      const [a, b, c] = members as [TestMember, TestMember, TestMember];
      expect(await b.leave()).toBe(204);
      const three = [a, c, d];
      await settle(three);
      expect(three.map((m) => m.owned().length)).toEqual([2, 2, 2]);
      expect(new Set(three.flatMap((m) => m.owned())).size).toBe(6);
    });

    it("rebalances on a subscription change and when a topic gains partitions", async () => {
      const [t1, t2] = [uniqueTopic(), uniqueTopic()];
      await api.createTopic(t1, { partitions: 2 });
      await api.createTopic(t2, { partitions: 2 });
      const group = uniqueTopic("g");
      const a = new TestMember(api, group, "a");
      const b = new TestMember(api, group, "b");
      await a.join({ topics: [t1] });
      await b.join({ topics: [t1] });
      await settle([a, b]);
      expect((await a.heartbeat({ topics: [t1, t2] })).status).toBe(200);
      await settle([a, b]);
      expect(a.owned().filter((k) => k.startsWith(`${t2}/`))).toHaveLength(2);
      expect(new Set([...a.owned(), ...b.owned()]).size).toBe(4);
      await api.request("PATCH", `/v1/topics/${t1}`, { partitions: 4 });
      // The coordinator re-reads partition counts within 5 s: heartbeat until it has.
      await eventually(
        "the new partitions to be assigned",
        async () => {
          await settle([a, b]);
          const all = new Set([...a.owned(), ...b.owned()]);
          return all.size === 6 ? all : undefined;
        },
        15_000,
      );
      expectSingleOwners([a, b]);
    });

    it("assigns with range and roundrobin too", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 5 });
      for (const [assignor, expected] of [
        [
          "range",
          [
            [0, 1, 2],
            [3, 4],
          ],
        ],
        [
          "roundrobin",
          [
            [0, 2, 4],
            [1, 3],
          ],
        ],
      ] as const) {
        const group = uniqueTopic("g");
        const members = ["x", "y"].map((n) => new TestMember(api, group, n));
        for (const m of members) await m.join({ topics: [topic], assignor });
        await settle(members);
        const partitions = members
          .map((m) => m.assignment[0]?.partitions ?? [])
          .sort((p, q) =>
            p.length === q.length ? (p[0] ?? 0) - (q[0] ?? 0) : q.length - p.length,
          );
        expect(partitions).toEqual(expected);
      }
    });

    it("gives a static member its partitions back when it rejoins, without a rebalance", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 4 });
      const group = uniqueTopic("g");
      const s = new TestMember(api, group, "static");
      const other = new TestMember(api, group, "other");
      await s.join({ topics: [topic], instanceId: "worker-1" });
      await other.join({ topics: [topic] });
      await settle([s, other]);
      const mine = s.owned();
      const epoch = (await describeGroup(api, group)).body.groupEpoch;
      expect(await s.leave()).toBe(204);
      // Its partitions wait for it: nobody else gets them meanwhile.
      await settle([other]);
      expect(other.owned().some((k) => mine.includes(k))).toBe(false);
      const back = new TestMember(api, group, "static-again");
      await back.join({ topics: [topic], instanceId: "worker-1" });
      expect(back.owned()).toEqual(mine);
      expect(back.memberId).not.toBe(s.memberId);
      expect((await describeGroup(api, group)).body.groupEpoch).toBe(epoch);
    });

    it("fences stale epochs and foreign partitions; offsets and lag are exact", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      await api.produce(
        topic,
        Array.from({ length: 7 }, (_, i) => ({ value: i, partition: 0 })),
      );
      await api.produce(
        topic,
        Array.from({ length: 3 }, (_, i) => ({ value: i, partition: 1 })),
      );
      const group = uniqueTopic("g");
      const a = new TestMember(api, group, "a");
      const b = new TestMember(api, group, "b");
      await a.join({ topics: [topic], assignor: "range" });
      await b.join({ topics: [topic], assignor: "range" });
      await settle([a, b]);
      const [mine, theirs] = a.owned()[0] === `${topic}/0` ? [0, 1] : [1, 0];
      const commit = (member: TestMember, partition: number, offset: number, epoch?: number) =>
        api.request("POST", `/v1/groups/${group}/offsets`, {
          memberId: member.memberId,
          memberEpoch: epoch ?? member.memberEpoch,
          offsets: [{ topic, partition, offset, metadata: "m" }],
        });
      expect((await commit(a, mine, 2)).status).toBe(200);
      expectError(await commit(a, mine, 3, a.memberEpoch - 1), 409, "FENCED_MEMBER_EPOCH");
      expectError(await commit(a, mine, 3, a.memberEpoch + 1), 409, "FENCED_MEMBER_EPOCH");
      expectError(await commit(a, theirs, 1), 409, "FENCED_MEMBER_EPOCH");
      expect((await commit(b, theirs, 1)).status).toBe(200);
      const hw = [7, 3];
      const offsets = await api.request<{ offsets: GroupView["offsets"] }>(
        "GET",
        `/v1/groups/${group}/offsets`,
      );
      expect(offsets.body.offsets).toEqual(
        [
          {
            topic,
            partition: mine,
            offset: 2,
            metadata: "m",
            highWatermark: hw[mine],
            logStartOffset: 0,
            lag: (hw[mine] as number) - 2,
          },
          {
            topic,
            partition: theirs,
            offset: 1,
            metadata: "m",
            highWatermark: hw[theirs],
            logStartOffset: 0,
            lag: (hw[theirs] as number) - 1,
          },
        ].sort((x, y) => x.partition - y.partition),
      );
      await api.produce(topic, [{ value: "more", partition: mine }]);
      const after = await describeGroup(api, group);
      expect(after.body.offsets.find((o) => o.partition === mine)?.lag).toBe(
        (hw[mine] as number) - 1,
      );

      // Manual commits and resets need an empty group.
      const manual = await api.request("POST", `/v1/groups/${group}/offsets`, {
        offsets: [{ topic, partition: 0, offset: 0 }],
      });
      expectError(manual, 409, "GROUP_NOT_EMPTY");
      const reset = await api.request("POST", `/v1/groups/${group}/offsets/reset`, {
        topic,
        to: "earliest",
      });
      expectError(reset, 409, "GROUP_NOT_EMPTY");
      await a.leave();
      await b.leave();
      const ends = [...hw];
      ends[mine] = (ends[mine] as number) + 1; // the record produced above
      for (const [to, expected] of [
        ["latest", ends],
        ["earliest", [0, 0]],
        [{ offset: 5 }, ends.map((end) => Math.min(5, end))],
      ] as const) {
        const answer = await api.request("POST", `/v1/groups/${group}/offsets/reset`, {
          topic,
          to,
        });
        expect(answer.status).toBe(200);
        const now = await api.request<{ offsets: GroupView["offsets"] }>(
          "GET",
          `/v1/groups/${group}/offsets`,
        );
        expect(now.body.offsets.map((o) => o.offset)).toEqual(expected);
      }
      const byTime = await api.request("POST", `/v1/groups/${group}/offsets/reset`, {
        topic,
        to: { timestamp: 0 },
      });
      expect(byTime.status).toBe(200);
      const manualOk = await api.request("POST", `/v1/groups/${group}/offsets`, {
        offsets: [{ topic, partition: 1, offset: 2 }],
      });
      expect(manualOk.status).toBe(200);
    });

    it("answers UNKNOWN_MEMBER and INVALID_REQUEST, and a rejected call changes nothing", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      const group = uniqueTopic("g");
      const a = new TestMember(api, group, "a");
      await a.join({ topics: [topic] });
      await settle([a]);
      const before = await describeGroup(api, group);
      const path = `/v1/groups/${group}/members`;
      expectError(
        await api.request("POST", `${path}/nobody/heartbeat`, { memberEpoch: 1, owned: [] }),
        404,
        "UNKNOWN_MEMBER",
      );
      expectError(await api.request("DELETE", `${path}/nobody`), 404, "UNKNOWN_MEMBER");
      expectError(
        await api.request("POST", `/v1/groups/${group}/offsets`, {
          memberId: "nobody",
          memberEpoch: 1,
          offsets: [{ topic, partition: 0, offset: 1 }],
        }),
        404,
        "UNKNOWN_MEMBER",
      );
      const bad: Array<[string, string, unknown]> = [
        ["POST", path, { topics: [] }],
        ["POST", path, { topics: ["bad name"] }],
        ["POST", path, { topics: [topic], assignor: "fastest" }],
        ["POST", path, { topics: [topic], sessionTimeoutMs: 10 }],
        ["POST", path, { topics: [topic], extra: 1 }],
        ["POST", `${path}/${a.memberId}/heartbeat`, { memberEpoch: "1", owned: [] }],
        ["POST", `${path}/${a.memberId}/heartbeat`, { memberEpoch: 1, owned: [{ topic }] }],
        ["POST", `/v1/groups/${group}/offsets`, { offsets: [] }],
        [
          "POST",
          `/v1/groups/${group}/offsets`,
          { memberId: a.memberId, offsets: [{ topic, partition: 0, offset: -1 }] },
        ],
        ["POST", `/v1/groups/${group}/offsets/reset`, { topic, to: "yesterday" }],
        ["POST", "/v1/groups/bad name/members", { topics: [topic] }],
      ];
      for (const [method, url, body] of bad) {
        expectError(await api.request(method, url, body), 400, "INVALID_REQUEST");
      }
      expectError(
        await api.request("POST", `${path}/${a.memberId}/heartbeat`, {
          memberEpoch: a.memberEpoch + 5,
          owned: [],
        }),
        409,
        "FENCED_MEMBER_EPOCH",
      );
      expectError(
        await api.request("POST", path, { topics: [uniqueTopic()] }),
        404,
        "TOPIC_NOT_FOUND",
      );
      expectError(
        await api.request("POST", `/v1/groups/${group}/offsets`, {
          memberId: a.memberId,
          memberEpoch: a.memberEpoch,
          offsets: [{ topic, partition: 9, offset: 1 }],
        }),
        404,
        "PARTITION_NOT_FOUND",
      );
      expect(await describeGroup(api, group)).toMatchObject({ status: 200, body: before.body });
    });

    it("enforces group limits at the limit and one past it", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("g");
      const join = (sessionTimeoutMs: number, g = group) =>
        api.request("POST", `/v1/groups/${g}/members`, { topics: [topic], sessionTimeoutMs });
      // The shortest session in a group of its own: it may expire while the big group fills.
      expect((await join(1_000, uniqueTopic("g"))).status).toBe(201);
      expect((await join(300_000)).status).toBe(201);
      expectError(await join(999), 400, "INVALID_REQUEST");
      expectError(await join(300_001), 400, "INVALID_REQUEST");
      for (let i = 1; i < 256; i++) expect((await join(60_000)).status).toBe(201);
      expectError(await join(60_000), 400, "INVALID_REQUEST"); // member 257
      const commit = (offsets: unknown[]) =>
        api.request("POST", `/v1/groups/${uniqueTopic("g")}/offsets`, { offsets });
      const entry = { topic, partition: 0, offset: 0 };
      expect((await commit([{ ...entry, metadata: "m".repeat(4096) }])).status).toBe(200);
      expectError(await commit([{ ...entry, metadata: "m".repeat(4097) }]), 400, "INVALID_REQUEST");
      expect((await commit(Array.from({ length: 10_000 }, () => entry))).status).toBe(200);
      expectError(
        await commit(Array.from({ length: 10_001 }, () => entry)),
        400,
        "INVALID_REQUEST",
      );
    });

    it("lists, describes and deletes groups; unknown groups are GROUP_NOT_FOUND", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("g");
      expectError(await describeGroup(api, group), 404, "GROUP_NOT_FOUND");
      expectError(await api.request("GET", `/v1/groups/${group}/offsets`), 404, "GROUP_NOT_FOUND");
      expectError(await api.request("DELETE", `/v1/groups/${group}`), 404, "GROUP_NOT_FOUND");
      const a = new TestMember(api, group, "a");
      await a.join({ topics: [topic] });
      const listed = await api.request<{ groups: Array<{ groupId: string; members: number }> }>(
        "GET",
        "/v1/groups",
      );
      expect(listed.body.groups.find((g) => g.groupId === group)).toMatchObject({ members: 1 });
      expectError(await api.request("DELETE", `/v1/groups/${group}`), 409, "GROUP_NOT_EMPTY");
      await a.leave();
      expect((await describeGroup(api, group)).body.state).toBe("Empty");
      expect((await api.request("DELETE", `/v1/groups/${group}`)).status).toBe(204);
      expectError(await describeGroup(api, group), 404, "GROUP_NOT_FOUND");
      const after = await api.request<{ groups: Array<{ groupId: string }> }>("GET", "/v1/groups");
      expect(after.body.groups.some((g) => g.groupId === group)).toBe(false);
    });

    it("two consumers process every record exactly once while one leaves midway", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 4 });
      const records = Array.from({ length: 120 }, (_, i) => ({ key: `k${i}`, value: i }));
      await api.produce(topic, records);
      const group = uniqueTopic("g");
      const processed: number[] = [];
      const consumers = ["one", "two"].map((n) => new TestMember(api, group, n));
      for (const c of consumers) await c.join({ topics: [topic] });

      // One poll: for each owned partition, read from the committed offset, process, commit.
      async function poll(consumer: TestMember, maxRecords: number): Promise<number> {
        const committed = await api.request<{ offsets: GroupView["offsets"] }>(
          "GET",
          `/v1/groups/${group}/offsets`,
        );
        let count = 0;
        for (const { partitions } of consumer.assignment) {
          for (const partition of partitions) {
            const from = committed.body.offsets.find((o) => o.partition === partition)?.offset ?? 0;
            const page = await api.fetch(topic, partition, { offset: from, maxRecords });
            if (page.body.records.length === 0) continue;
            processed.push(...page.body.records.map((r) => r.value as number));
            count += page.body.records.length;
            const commit = await api.request("POST", `/v1/groups/${group}/offsets`, {
              memberId: consumer.memberId,
              memberEpoch: consumer.memberEpoch,
              offsets: [{ topic, partition, offset: page.body.nextOffset }],
            });
            expect(commit.status).toBe(200);
          }
        }
        return count;
      }

      const [one, two] = consumers as [TestMember, TestMember];
      await settle(consumers);
      await poll(one, 5);
      await poll(two, 5);
      // One leaves midway, with its partitions half done; the other resumes from the commits.
      expect(await one.leave()).toBe(204);
      await settle([two]);
      expect(two.owned()).toHaveLength(4);
      while ((await poll(two, 7)) > 0) await two.heartbeat();
      expect(processed.sort((x, y) => x - y)).toEqual(records.map((r) => r.value));
    });
  });
}
