// The classic group protocol over HTTP (/v1/groups/:g/classic/…, what the Kafka gateway calls):
// joins end together with one leader who sees every member's metadata untouched, the leader's
// sync hands out assignments, a rebalance is announced by heartbeats, generations fence stale
// commits, silent members and late rejoiners are dropped on the group's alarm, and a group never
// mixes classic and KIP-848 members.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { assignment, ClassicMember, subscription } from "../support/classic-groups.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";

/** Two members in a Stable generation 2: a leads and owns partition 0, b owns 1. */
async function stablePair(api: Api, topic: string, group: string) {
  const a = new ClassicMember(api, group, subscription(topic));
  const b = new ClassicMember(api, group, subscription(topic));
  await a.joined();
  expect((await a.sync([{ memberId: a.memberId, assignmentBase64: assignment({}) }])).status).toBe(
    200,
  );
  const bJoin = b.join();
  // b waits for a to rejoin; a learns of the rebalance from its heartbeat.
  await eventually("a told to rejoin", async () =>
    (await a.heartbeat()).status === 409 ? true : undefined,
  );
  await a.joined();
  expect((await bJoin).status).toBe(200);
  const bSync = b.sync();
  const given = [
    { memberId: a.memberId, assignmentBase64: assignment({ [topic]: [0] }) },
    { memberId: b.memberId, assignmentBase64: assignment({ [topic]: [1] }) },
  ];
  expect((await a.sync(given)).body.assignmentBase64).toBe(given[0]?.assignmentBase64);
  expect((await bSync).body.assignmentBase64).toBe(given[1]?.assignmentBase64);
  return { a, b };
}

export function classicGroupsSuite(api: Api) {
  describe("classic group protocol", () => {
    it("joins two members under one leader who sees both metadata; sync distributes", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      const group = uniqueTopic("g");
      const a = new ClassicMember(api, group, subscription(topic));
      const first = await a.joined();
      expect(first).toMatchObject({ generationId: 1, leaderId: a.memberId, protocolName: "range" });
      await a.sync([{ memberId: a.memberId, assignmentBase64: assignment({ [topic]: [0, 1] }) }]);
      const b = new ClassicMember(api, group, subscription(topic, "other"));
      const bJoin = b.join();
      await eventually("a told to rejoin", async () => {
        const beat = await a.heartbeat();
        return beat.status === 409 ? expectError(beat, 409, "REBALANCE_IN_PROGRESS") : undefined;
      });
      const leader = await a.joined();
      const follower = (await bJoin).body;
      expect(leader).toMatchObject({ generationId: 2, leaderId: a.memberId });
      // Metadata passes through untouched, every member's, to the leader only.
      expect(new Set(leader.members.map((m) => m.metadataBase64))).toEqual(
        new Set([a.metadataBase64, b.metadataBase64]),
      );
      expect(follower).toMatchObject({ generationId: 2, leaderId: a.memberId, members: [] });
      const bSync = b.sync();
      const given = [
        { memberId: a.memberId, assignmentBase64: assignment({ [topic]: [0] }) },
        { memberId: b.memberId, assignmentBase64: assignment({ [topic]: [1] }) },
      ];
      expect((await a.sync(given)).status).toBe(200);
      expect((await bSync).body).toEqual({
        protocolType: "consumer",
        protocolName: "range",
        assignmentBase64: given[1]?.assignmentBase64,
      });
      expect((await b.heartbeat()).status).toBe(204);

      const described = await api.request<Record<string, unknown>>("GET", `/v1/groups/${group}`);
      expect(described.body).toMatchObject({
        groupId: group,
        groupType: "classic",
        protocolType: "consumer",
        state: "Stable",
        generationId: 2,
        protocolName: "range",
        leaderId: a.memberId,
      });
      const members = described.body.members as Array<Record<string, unknown>>;
      expect(members.find((m) => m.memberId === b.memberId)).toMatchObject({
        clientId: "suite-client",
        topics: [topic, "other"],
        assignment: [{ topic, partitions: [1] }],
        assignmentBase64: given[1]?.assignmentBase64,
      });
      // Lag covers the topics read from the members' subscriptions, committed or not.
      const offsets = described.body.offsets as Array<Record<string, unknown>>;
      expect(offsets.map((o) => [o.topic, o.partition, o.offset])).toEqual([
        [topic, 0, null],
        [topic, 1, null],
      ]);
      const listed = await api.request<{ groups: Array<Record<string, unknown>> }>(
        "GET",
        "/v1/groups",
      );
      expect(listed.body.groups.find((g) => g.groupId === group)).toEqual({
        groupId: group,
        groupType: "classic",
        protocolType: "consumer",
        state: "Stable",
        generationId: 2,
        members: 2,
      });
    });

    it("rebalances when a third joins; commits of the old generation are refused", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 3 });
      const group = uniqueTopic("g");
      const { a, b } = await stablePair(api, topic, group);
      expect((await a.commit(topic, 0, 5)).status).toBe(200);
      const c = new ClassicMember(api, group, subscription(topic));
      const cJoin = c.join();
      for (const m of [a, b]) {
        await eventually("told to rejoin", async () =>
          (await m.heartbeat()).status === 409 ? true : undefined,
        );
      }
      // While the group prepares the rebalance, members still commit what they processed.
      expect((await b.commit(topic, 1, 7)).status).toBe(200);
      const [aJoin, bJoin] = [a.join(), b.join()];
      const answers = await Promise.all([aJoin, bJoin, cJoin]);
      expect(answers.map((x) => x.body.generationId)).toEqual([3, 3, 3]);
      expect(answers.map((x) => x.body.leaderId)).toEqual([a.memberId, a.memberId, a.memberId]);
      expect(answers[0]?.body.members).toHaveLength(3);
      // Between join and sync a commit waits for the assignment: REBALANCE_IN_PROGRESS.
      expectError(await c.commit(topic, 2, 1), 409, "REBALANCE_IN_PROGRESS");
      await Promise.all([b.sync(), c.sync(), a.sync([])]);
      expectError(await a.commit(topic, 0, 9, 2), 409, "ILLEGAL_GENERATION");
      expectError(await a.heartbeat(2), 409, "ILLEGAL_GENERATION");
      expect((await c.commit(topic, 2, 3)).status).toBe(200);
      const offsets = await api.request<{ offsets: Array<{ partition: number; offset: number }> }>(
        "GET",
        `/v1/groups/${group}/offsets`,
      );
      expect(offsets.body.offsets.map((o) => [o.partition, o.offset])).toEqual([
        [0, 5],
        [1, 7],
        [2, 3],
      ]);
      const stranger = new ClassicMember(api, group, subscription(topic));
      stranger.memberId = "00000000-0000-0000-0000-000000000000";
      stranger.generationId = 3;
      expectError(await stranger.commit(topic, 0, 1), 404, "UNKNOWN_MEMBER");
      expectError(await stranger.heartbeat(), 404, "UNKNOWN_MEMBER");
    });

    it("evicts a member whose session runs out; the others rebalance without it", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      const group = uniqueTopic("g");
      const { a, b } = await stablePair(api, topic, group);
      const quick = new ClassicMember(api, group, subscription(topic), {
        sessionTimeoutMs: 1_000,
      });
      const quickJoin = quick.join();
      for (const m of [a, b]) {
        await eventually("told to rejoin", async () =>
          (await m.heartbeat()).status === 409 ? true : undefined,
        );
      }
      await Promise.all([a.joined(), b.joined(), quickJoin]);
      await Promise.all([a.sync([]), b.sync()]);
      // quick never syncs nor heartbeats: after its 1 s session the group's alarm removes it.
      await eventually("a told to rejoin without quick", async () =>
        (await a.heartbeat()).status === 409 ? true : undefined,
      );
      expectError(await quick.heartbeat(), 404, "UNKNOWN_MEMBER");
      const [again] = await Promise.all([a.joined(), b.joined()]);
      expect(again.members).toHaveLength(2);
      expect(again.generationId).toBe(4);
    });

    it("ends a join phase at the rebalance timeout without members that did not rejoin", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("g");
      const slow = new ClassicMember(api, group, subscription(topic), {
        rebalanceTimeoutMs: 1_000,
      });
      await slow.joined();
      await slow.sync([]);
      const late = new ClassicMember(api, group, subscription(topic), {
        rebalanceTimeoutMs: 1_000,
      });
      // slow never rejoins: the phase ends after 1 s with late alone, and late leads.
      const answer = await late.joined();
      expect(answer).toMatchObject({ generationId: 2, leaderId: late.memberId });
      expect(answer.members.map((m) => m.memberId)).toEqual([late.memberId]);
      expectError(await slow.heartbeat(), 404, "UNKNOWN_MEMBER");
    });

    it("answers a join still waiting at its rebalance timeout with its member id to rejoin", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("g");
      const patient = new ClassicMember(api, group, subscription(topic), {
        rebalanceTimeoutMs: 20_000,
      });
      await patient.joined();
      await patient.sync([]);
      const hasty = new ClassicMember(api, group, subscription(topic), {
        rebalanceTimeoutMs: 1_000,
      });
      const waited = await hasty.join();
      const error = expectError(waited, 409, "REBALANCE_IN_PROGRESS");
      const memberId = error.error.details?.memberId as string;
      hasty.memberId = memberId;
      const rejoin = hasty.join();
      await patient.joined();
      expect((await rejoin).body).toMatchObject({ memberId, generationId: 2 });
    });

    it("refuses to mix classic and KIP-848 members in one group, both ways", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const kip848 = uniqueTopic("g");
      const joined = await api.request<{ memberId: string; memberEpoch: number }>(
        "POST",
        `/v1/groups/${kip848}/members`,
        { topics: [topic] },
      );
      expect(joined.status).toBe(201);
      const classic = new ClassicMember(api, kip848, subscription(topic));
      expectError(await classic.join(), 409, "GROUP_PROTOCOL_MISMATCH");
      // Kafka's OffsetCommit of a KIP-848 member carries its member epoch as the generation.
      const beat = await api.request<{ memberEpoch: number }>(
        "POST",
        `/v1/groups/${kip848}/members/${joined.body.memberId}/heartbeat`,
        { memberEpoch: joined.body.memberEpoch, owned: [{ topic, partitions: [0] }] },
      );
      const kip848Commit = (generationId: number) =>
        api.request("POST", `/v1/groups/${kip848}/classic/offsets`, {
          memberId: joined.body.memberId,
          generationId,
          offsets: [{ topic, partition: 0, offset: 2 }],
        });
      const ok = await kip848Commit(beat.body.memberEpoch);
      expect(ok.status, JSON.stringify([beat.body, ok.body])).toBe(200);
      expectError(await kip848Commit(beat.body.memberEpoch + 1), 409, "FENCED_MEMBER_EPOCH");

      const group = uniqueTopic("g");
      const member = new ClassicMember(api, group, subscription(topic));
      await member.joined();
      const http = await api.request("POST", `/v1/groups/${group}/members`, { topics: [topic] });
      expectError(http, 409, "GROUP_PROTOCOL_MISMATCH");
      // A classic member of another protocol type, or sharing no protocol, is refused too.
      expectError(
        await member.join({ memberId: undefined, protocolType: "connect" }),
        409,
        "GROUP_PROTOCOL_MISMATCH",
      );
      const other = new ClassicMember(api, group, subscription(topic));
      const offer = [{ name: "roundrobin", metadataBase64: "" }];
      expectError(await other.join({ protocols: offer }), 409, "GROUP_PROTOCOL_MISMATCH");
      // Once the classic group is empty, HTTP members may take it over.
      expect((await member.leave()).status).toBe(204);
      const empty = await api.request<{ state: string }>("GET", `/v1/groups/${group}`);
      expect(empty.body).toMatchObject({ groupType: "classic", state: "Empty", generationId: 2 });
      const after = await api.request("POST", `/v1/groups/${group}/members`, { topics: [topic] });
      expect(after.status).toBe(201);
    });

    it("commits without a member only into an empty group; a leader leaving hands over", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      const group = uniqueTopic("g");
      const { a, b } = await stablePair(api, topic, group);
      const manual = { offsets: [{ topic, partition: 0, offset: 1 }] };
      expectError(
        await api.request("POST", `/v1/groups/${group}/offsets`, manual),
        409,
        "GROUP_NOT_EMPTY",
      );
      expectError(await api.request("DELETE", `/v1/groups/${group}`), 409, "GROUP_NOT_EMPTY");
      expect((await a.leave()).status).toBe(204);
      expectError(await b.heartbeat(), 409, "REBALANCE_IN_PROGRESS");
      expect(await b.joined()).toMatchObject({ generationId: 3, leaderId: b.memberId });
      expectError(await a.leave(), 404, "UNKNOWN_MEMBER");
      expect((await b.leave()).status).toBe(204);
      expect((await api.request("POST", `/v1/groups/${group}/offsets`, manual)).status).toBe(200);
      expect((await api.request("DELETE", `/v1/groups/${group}`)).status).toBe(204);
    });

    it("fences a static member's old id once its instance rejoined", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("g");
      const first = new ClassicMember(api, group, subscription(topic), { instanceId: "pod-1" });
      await first.joined();
      await first.sync([
        { memberId: first.memberId, assignmentBase64: assignment({ [topic]: [0] }) },
      ]);
      const second = new ClassicMember(api, group, subscription(topic), { instanceId: "pod-1" });
      await second.joined();
      expect(second.memberId).not.toBe(first.memberId);
      expectError(await first.heartbeat(), 409, "FENCED_INSTANCE_ID");
      const left = await api.request("POST", `/v1/groups/${group}/classic/leave`, {
        instanceId: "pod-1",
      });
      expect(left.status).toBe(204);
    });
  });
}
