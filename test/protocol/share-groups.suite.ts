// Share groups over HTTP (design/delivery.md, KIP-932): config and lifecycle, many consumers on
// one partition each record exactly once, release, lease expiry, reject and max deliveries to
// the dead-letter topic, LEASE_EXPIRED, the group-protocol mismatch both ways, errors and limits.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import {
  ack,
  describeShareGroup,
  type LeasedRecord,
  leaseRecords,
  putShareGroup,
  seededGroup,
} from "../support/share-groups.js";

export function shareGroupsSuite(api: Api): void {
  describe("share groups", () => {
    it("creates (201), changes (200), describes, lists and deletes a group", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      await api.produce(topic, [{ value: "before", partition: 0 }]);
      const group = uniqueTopic("sg");
      const created = await putShareGroup(api, group, { topics: [topic] });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        topics: [topic],
        startAt: "latest",
        leaseMs: 30_000,
        maxDeliveryAttempts: 5,
      });
      const changed = await putShareGroup(api, group, { topics: [topic], leaseMs: 5_000 });
      expect(changed.status).toBe(200);
      expect(changed.body.leaseMs).toBe(5_000);
      // startAt "latest": the record produced before the first PUT is not the group's.
      const described = await describeShareGroup(api, group);
      expect(described.status).toBe(200);
      expect(described.body.groupId).toBe(group);
      expect(described.body.partitions).toEqual([
        { topic, partition: 0, startOffset: 1, endOffset: 1, leased: 0, available: 0, archived: 0 },
        { topic, partition: 1, startOffset: 0, endOffset: 0, leased: 0, available: 0, archived: 0 },
      ]);
      await api.produce(topic, [{ value: "after", partition: 0 }]);
      expect((await describeShareGroup(api, group)).body.lagRecords).toBe(1);
      const list = await api.request<{ groups: Array<{ groupId: string }> }>(
        "GET",
        "/v1/share-groups",
      );
      expect(list.body.groups.map((g) => g.groupId)).toContain(group);
      expect((await api.request("DELETE", `/v1/share-groups/${group}`)).status).toBe(204);
      expectError(await describeShareGroup(api, group), 404, "GROUP_NOT_FOUND");
      expectError(await leaseRecords(api, group), 404, "GROUP_NOT_FOUND");
      expectError(await api.request("DELETE", `/v1/share-groups/${group}`), 404, "GROUP_NOT_FOUND");
    });

    it("gives each record to exactly one of 6 concurrent consumers when all accept", async () => {
      const topic = uniqueTopic();
      const group = uniqueTopic("sg");
      await seededGroup(api, topic, group, 300, {}, 2);
      const held = new Set<string>();
      const accepted: string[] = [];
      const consumer = async () => {
        for (let idle = 0; idle < 3; ) {
          const { status, body } = await leaseRecords(api, group, { maxRecords: 7 });
          expect(status).toBe(200);
          if (body.records.length === 0) {
            idle++;
            continue;
          }
          idle = 0;
          for (const r of body.records) {
            const key = `${r.partition}/${r.offset}`;
            expect(held.has(key)).toBe(false); // never leased to two consumers at once
            held.add(key);
          }
          const acked = await ack(api, group, body.records, "accept");
          expect(acked.body.results.every((r) => r.ok)).toBe(true);
          for (const r of body.records) held.delete(`${r.partition}/${r.offset}`);
          accepted.push(...body.records.map((r) => `${r.partition}/${r.offset}`));
        }
      };
      await Promise.all(Array.from({ length: 6 }, consumer));
      expect(accepted).toHaveLength(300);
      expect(new Set(accepted).size).toBe(300);
      const view = (await describeShareGroup(api, group)).body;
      expect(view.lagRecords).toBe(0);
      expect(view.partitions.map((p) => p.startOffset)).toEqual([150, 150]);
    });

    it("hands a released record out again at once, with its delivery count raised", async () => {
      const topic = uniqueTopic();
      const group = uniqueTopic("sg");
      await seededGroup(api, topic, group, 3);
      const first = (await leaseRecords(api, group, { maxRecords: 1 })).body;
      expect(first.records.map((r) => [r.offset, r.value, r.deliveryCount])).toEqual([
        [0, "v0", 1],
      ]);
      expect(first.leaseExpiresAt).toBeGreaterThan(Date.now());
      const released = await ack(api, group, first.records, "release");
      expect(released.body.results).toEqual([{ topic, partition: 0, offset: 0, ok: true }]);
      const again = (await leaseRecords(api, group, { maxRecords: 2 })).body.records;
      expect(again.map((r) => [r.offset, r.deliveryCount])).toEqual([
        [0, 2],
        [1, 1],
      ]);
      // The old lease no longer holds offset 0: refused per record, the rest go through.
      const late = await ack(api, group, [...first.records, ...again.slice(1)], "accept");
      expect(late.status).toBe(200);
      expect(late.body.results[0]).toMatchObject({ offset: 0, ok: false });
      expect(late.body.results[0]?.error?.code).toBe("LEASE_EXPIRED");
      expect(late.body.results[1]).toEqual({ topic, partition: 0, offset: 1, ok: true });
      // A retried accept of the same lease answers as the first did.
      expect((await ack(api, group, again.slice(1), "accept")).body.results[0]?.ok).toBe(true);
    });

    it("makes a record available again when its lease expires; the old lease is LEASE_EXPIRED", async () => {
      const topic = uniqueTopic();
      const group = uniqueTopic("sg");
      await seededGroup(api, topic, group, 1, { leaseMs: 200 });
      const first = (await leaseRecords(api, group)).body.records;
      expect(first).toHaveLength(1);
      // Long-poll: the expired lease makes the record available within the wait.
      const again = (await leaseRecords(api, group, { waitMs: 5_000 })).body.records;
      expect(again.map((r) => [r.offset, r.deliveryCount])).toEqual([[0, 2]]);
      expect(again[0]?.leaseId).not.toBe(first[0]?.leaseId);
      const stale = await ack(api, group, first, "accept");
      expect(stale.body.results[0]?.error?.code).toBe("LEASE_EXPIRED");
      const foreign = await ack(
        api,
        group,
        [{ ...(again[0] as LeasedRecord), leaseId: "x-1" }],
        "accept",
      );
      expect(foreign.body.results[0]?.error?.code).toBe("LEASE_EXPIRED");
      expect((await ack(api, group, again, "accept")).body.results[0]?.ok).toBe(true);
    });

    it("dead-letters a rejected record and one delivered maxDeliveryAttempts times, with headers", async () => {
      const topic = uniqueTopic();
      const dead = uniqueTopic("dlt");
      await api.createTopic(dead);
      const group = uniqueTopic("sg");
      await api.createTopic(topic);
      await api.produce(topic, [
        { key: "k0", value: { n: 0 }, headers: { h: "0" } },
        { key: "k1", value: { n: 1 } },
      ]);
      const config = { topics: [topic], startAt: "earliest", maxDeliveryAttempts: 2 };
      expect((await putShareGroup(api, group, { ...config, deadLetterTopic: dead })).status).toBe(
        201,
      );
      const both = (await leaseRecords(api, group, { maxRecords: 2 })).body.records;
      await ack(api, group, both.slice(0, 1), "reject");
      await ack(api, group, both.slice(1), "release");
      const second = (await leaseRecords(api, group)).body.records;
      expect(second.map((r) => [r.offset, r.deliveryCount])).toEqual([[1, 2]]);
      await ack(api, group, second, "release"); // out of attempts: archived
      const letters = await eventually("two dead letters", async () => {
        const records = await api.fetchAll(dead, 0);
        return records.length === 2 ? records : undefined;
      });
      const byOffset = letters.sort(
        (a, b) =>
          Number(a.headers["edgelog-source-offset"]) - Number(b.headers["edgelog-source-offset"]),
      );
      expect(byOffset.map((r) => [r.key, r.value, r.headers])).toEqual([
        [
          "k0",
          { n: 0 },
          {
            h: "0",
            "edgelog-source-topic": topic,
            "edgelog-source-partition": "0",
            "edgelog-source-offset": "0",
            "edgelog-dead-reason": "rejected",
          },
        ],
        [
          "k1",
          { n: 1 },
          {
            "edgelog-source-topic": topic,
            "edgelog-source-partition": "0",
            "edgelog-source-offset": "1",
            "edgelog-dead-reason": "max-deliveries",
          },
        ],
      ]);
      const view = (await describeShareGroup(api, group)).body;
      expect(view.partitions[0]).toMatchObject({ startOffset: 2, archived: 2, available: 0 });
      expect((await leaseRecords(api, group)).body.records).toEqual([]);
    });

    it("refuses a share group under a consumer group's id and the reverse (GROUP_PROTOCOL_MISMATCH)", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const consumer = uniqueTopic("cg");
      const joined = await api.request("POST", `/v1/groups/${consumer}/members`, {
        topics: [topic],
      });
      expect(joined.status).toBe(201);
      expectError(
        await putShareGroup(api, consumer, { topics: [topic] }),
        409,
        "GROUP_PROTOCOL_MISMATCH",
      );
      expectError(await leaseRecords(api, consumer), 409, "GROUP_PROTOCOL_MISMATCH");
      expectError(await describeShareGroup(api, consumer), 409, "GROUP_PROTOCOL_MISMATCH");
      const share = uniqueTopic("sg");
      expect((await putShareGroup(api, share, { topics: [topic] })).status).toBe(201);
      const join = await api.request("POST", `/v1/groups/${share}/members`, { topics: [topic] });
      expectError(join, 409, "GROUP_PROTOCOL_MISMATCH");
      const commit = { offsets: [{ topic, partition: 0, offset: 0 }] };
      expectError(
        await api.request("POST", `/v1/groups/${share}/offsets`, commit),
        409,
        "GROUP_PROTOCOL_MISMATCH",
      );
      // The consumer-group list does not show share groups, nor the share list consumer groups.
      const groups = await api.request<{ groups: Array<{ groupId: string }> }>("GET", "/v1/groups");
      expect(groups.body.groups.map((g) => g.groupId)).not.toContain(share);
      const shares = await api.request<{ groups: Array<{ groupId: string }> }>(
        "GET",
        "/v1/share-groups",
      );
      expect(shares.body.groups.map((g) => g.groupId)).not.toContain(consumer);
    });

    it("refuses bad config, bodies and names with INVALID_REQUEST, missing topics with TOPIC_NOT_FOUND", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("sg");
      const bad: Array<Record<string, unknown>> = [
        { topics: [topic], leaseMS: 1_000 },
        { topics: [] },
        { topics: [topic], startAt: "now" },
        { topics: [topic], leaseMs: 99 },
        { topics: [topic], leaseMs: 3_600_001 },
        { topics: [topic], maxDeliveryAttempts: 0 },
        { topics: [topic], maxDeliveryAttempts: 101 },
        { topics: [topic], deadLetterTopic: topic },
        { topics: ["bad name"] },
      ];
      // SHARE_GROUP_TOPICS_MAX (64): 65 names are refused as such, 64 are looked up.
      const names = (n: number) => Array.from({ length: n }, (_, i) => `${topic}-x${i}`);
      bad.push({ topics: names(65) });
      expectError(await putShareGroup(api, group, { topics: names(64) }), 404, "TOPIC_NOT_FOUND");
      for (const body of bad)
        expectError(await putShareGroup(api, group, body), 400, "INVALID_REQUEST");
      expect((await putShareGroup(api, group, { topics: [topic], leaseMs: 100 })).status).toBe(201);
      expect(
        (
          await putShareGroup(api, group, {
            topics: [topic],
            leaseMs: 3_600_000,
            maxDeliveryAttempts: 100,
          })
        ).status,
      ).toBe(200);
      expectError(
        await putShareGroup(api, "bad%20name", { topics: [topic] }),
        400,
        "INVALID_REQUEST",
      );
      expectError(
        await putShareGroup(api, uniqueTopic("sg"), { topics: [uniqueTopic()] }),
        404,
        "TOPIC_NOT_FOUND",
      );
      const noDlt = { topics: [topic], deadLetterTopic: uniqueTopic("dlt") };
      expectError(await putShareGroup(api, uniqueTopic("sg"), noDlt), 404, "TOPIC_NOT_FOUND");
      expectError(await leaseRecords(api, group, { maxRecords: 1_001 }), 400, "INVALID_REQUEST");
      expectError(await leaseRecords(api, group, { maxRecords: 0 }), 400, "INVALID_REQUEST");
      expectError(await leaseRecords(api, group, { waitMs: 30_001 }), 400, "INVALID_REQUEST");
      expectError(await leaseRecords(api, group, { max: 1 }), 400, "INVALID_REQUEST");
      expect((await leaseRecords(api, group, { maxRecords: 1_000 })).status).toBe(200);
      const one = { topic, partition: 0, offset: 0, leaseId: "a-1", type: "accept" };
      const acks = (list: unknown[]) =>
        api.request("POST", `/v1/share-groups/${group}/acks`, { acks: list });
      expectError(await acks([]), 400, "INVALID_REQUEST");
      expectError(await acks(Array.from({ length: 1_001 }, () => one)), 400, "INVALID_REQUEST");
      expectError(await acks([{ ...one, type: "ack" }]), 400, "INVALID_REQUEST");
      expectError(await acks([{ ...one, extra: 1 }]), 400, "INVALID_REQUEST");
      const many = await acks(Array.from({ length: 1_000 }, () => one));
      expect(many.status).toBe(200);
      expectError(
        await api.request("PATCH", `/v1/share-groups/${group}`, {}),
        405,
        "METHOD_NOT_ALLOWED",
      );
    });

    it("finds partitions added to its topics and starts them at their log start", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("sg");
      expect((await putShareGroup(api, group, { topics: [topic] })).status).toBe(201);
      const grown = await api.request("PATCH", `/v1/topics/${topic}`, { partitions: 2 });
      expect(grown.status).toBe(200);
      await api.produce(topic, [{ value: "new partition", partition: 1 }]);
      // Partition counts are re-read every few seconds (METADATA_CACHE_MS).
      const leased = await eventually(
        "the new partition's record",
        async () => {
          const answer = await leaseRecords(api, group, { waitMs: 1_000 });
          return answer.body.records.length > 0 ? answer.body.records : undefined;
        },
        20_000,
      );
      expect(leased.map((r) => [r.partition, r.offset, r.value])).toEqual([
        [1, 0, "new partition"],
      ]);
    });

    it("leases at most SHARE_IN_FLIGHT_RECORDS_MAX (2000) records per partition; an accept makes room", async () => {
      const topic = uniqueTopic();
      const group = uniqueTopic("sg");
      await seededGroup(api, topic, group, 2_001);
      const leased: LeasedRecord[] = [];
      for (let i = 0; i < 2; i++)
        leased.push(...(await leaseRecords(api, group, { maxRecords: 1_000 })).body.records);
      expect(leased).toHaveLength(2_000);
      expect((await leaseRecords(api, group)).body.records).toEqual([]);
      expect((await describeShareGroup(api, group)).body.partitions[0]).toMatchObject({
        leased: 2_000,
        available: 1,
      });
      // Accepting one above the bottom frees nothing: the window is start offset to end.
      await ack(api, group, leased.slice(5, 6), "accept");
      expect((await leaseRecords(api, group)).body.records).toEqual([]);
      await ack(api, group, leased.slice(0, 1), "accept");
      const next = (await leaseRecords(api, group)).body.records;
      expect(next.map((r) => r.offset)).toEqual([2_000]);
    });
  });
}
