// Replication over HTTP (DESIGN.md §3): acks and the ISR, the high watermark, NOT_ENOUGH_REPLICAS,
// leader failover with truncation of the old leader, follower reads, and fault injection.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { describePartition, fault, replicaOffsets } from "../support/replication.js";
import { initProducer } from "./producers.suite.js";

export function replicationSuite(api: Api): void {
  describe("replication", () => {
    it("RF=3 acks=all: an acknowledged record is on every ISR replica before the answer", async () => {
      const topic = uniqueTopic();
      expect((await api.createTopic(topic, { replicationFactor: 3 })).status).toBe(201);
      expect(await describePartition(api, topic)).toMatchObject({
        leader: 0,
        leaderEpoch: 0,
        replicas: [0, 1, 2],
        isr: [0, 1, 2],
      });
      for (let i = 0; i < 5; i++) {
        const acked = await api.produce(topic, [{ key: `k${i}`, value: i }, { value: `v${i}` }]);
        expect(acked.status).toBe(200);
        const end = (acked.body.offsets[1]?.offset as number) + 1;
        for (const replica of [0, 1, 2]) {
          const offsets = await replicaOffsets(api, topic, replica);
          expect(offsets.body.logEndOffset).toBeGreaterThanOrEqual(end);
        }
        expect((await api.offsets(topic, 0)).body.highWatermark).toBe(end);
      }
      // Followers learn the high watermark within 1 s and then serve the records themselves.
      const leaderLog = await api.fetchAll(topic, 0);
      for (const replica of [1, 2]) {
        const records = await eventually(
          `replica ${replica} to serve 10 records`,
          async () => {
            const answer = await api.fetch(topic, 0, { replica, maxRecords: 100 });
            return answer.body.records.length === 10 ? answer.body.records : undefined;
          },
          1_500,
        );
        expect(records).toEqual(leaderLog);
      }
    });

    it("refuses acks=all with NOT_ENOUGH_REPLICAS once the ISR is below minInsyncReplicas", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, {
        replicationFactor: 3,
        minInsyncReplicas: 2,
        replicaLagMs: 300,
      });
      await api.produce(topic, [{ value: "committed" }]);
      await fault(api, topic, 1, "down");
      await fault(api, topic, 2, "down");
      // acks=1 still works; the lagging followers leave the ISR after replicaLagMs.
      const one = await api.produce(topic, [{ value: "leader only" }], { acks: 1 });
      expect(one.status).toBe(200);
      await eventually("the ISR to shrink to the leader", async () => {
        const p = await describePartition(api, topic);
        return p.isr.length === 1 ? p : undefined;
      });
      const before = await describePartition(api, topic);
      const refused = await api.produce(topic, [{ value: "never" }], { acks: "all" });
      const body = expectError(refused, 503, "NOT_ENOUGH_REPLICAS");
      expect(body.error.retriable).toBe(true);
      const after = await describePartition(api, topic);
      expect(after.logEndOffset).toBe(before.logEndOffset);
      expect((await api.fetchAll(topic, 0)).map((r) => r.value)).toEqual([
        "committed",
        "leader only",
      ]);
      expect((await api.produce(topic, [{ value: "acks 1" }], { acks: 1 })).status).toBe(200);
      // Back up, the followers catch up and rejoin; acks=all works again.
      await fault(api, topic, 1, "up");
      await fault(api, topic, 2, "up");
      await eventually("followers to rejoin the ISR", async () => {
        await api.produce(topic, [{ value: "nudge" }], { acks: 1 });
        const p = await describePartition(api, topic);
        return p.isr.length === 3 ? p : undefined;
      });
      expect((await api.produce(topic, [{ value: "all again" }])).status).toBe(200);
    });

    it("answers NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrinks under a waiting write", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, {
        replicationFactor: 2,
        minInsyncReplicas: 2,
        replicaLagMs: 300,
      });
      await fault(api, topic, 1, "delay", 5_000);
      const answer = await api.produce(topic, [{ value: "kept" }]);
      expectError(answer, 503, "NOT_ENOUGH_REPLICAS_AFTER_APPEND");
      // The record stays and is committed by the smaller ISR (Kafka's rule).
      const records = await api.fetchAll(topic, 0);
      expect(records.map((r) => r.value)).toEqual(["kept"]);
      await fault(api, topic, 1, "delay", 0);
    });

    it("fails over when the leader goes down: new epoch, produces succeed, old leader truncates", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, {
        replicationFactor: 3,
        minInsyncReplicas: 2,
        replicaLagMs: 500,
      });
      const first = await api.produce(topic, [{ value: "a" }, { value: "b" }]);
      expect(first.status).toBe(200);
      await fault(api, topic, 0, "down");
      const started = Date.now();
      const during = await api.produce(topic, [{ value: "c" }]);
      const elapsedMs = Date.now() - started;
      expect(during.status).toBe(200);
      expect(elapsedMs).toBeLessThan(12_000);
      const after = await describePartition(api, topic);
      expect(after.leader).not.toBe(0);
      expect(after.leaderEpoch).toBe(1);
      expect(after.isr).not.toContain(0);
      await fault(api, topic, 0, "up");
      await eventually("the old leader to rejoin as a follower", async () => {
        await api.produce(topic, [{ value: "more" }], { acks: 1 });
        const p = await describePartition(api, topic);
        return p.isr.includes(0) ? p : undefined;
      });
      const leaderLog = await api.fetchAll(topic, 0);
      expect(leaderLog.slice(0, 3).map((r) => r.value)).toEqual(["a", "b", "c"]);
      const old = await eventually("the old leader to hold the new leader's log", async () => {
        const answer = await api.fetch(topic, 0, { replica: 0, maxRecords: 100 });
        return answer.body.records.length === leaderLog.length ? answer.body.records : undefined;
      });
      expect(old).toEqual(leaderLog);
    });

    it("dedupes an idempotent retry across a leader failover", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, {
        replicationFactor: 3,
        minInsyncReplicas: 2,
        replicaLagMs: 500,
      });
      const producer = await initProducer(api, uniqueTopic("p"));
      const send = (sequence: number) =>
        api.produce(topic, [{ value: `s${sequence}` }, { value: `s${sequence}'` }], {
          producer: { ...producer, sequence },
        });
      const first = await send(0);
      expect(first.status).toBe(200);
      await fault(api, topic, 0, "down");
      // The retry reaches the new leader, which has the batch (and its producer state) already.
      const retry = await send(0);
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ duplicate: true });
      expect(retry.body.offsets.map((o) => o.offset)).toEqual(
        first.body.offsets.map((o) => o.offset),
      );
      expect((await describePartition(api, topic)).leader).not.toBe(0);
      expect((await send(1)).body.offsets.map((o) => o.offset)).toEqual([2, 3]);
      expect((await api.fetchAll(topic, 0)).map((r) => r.value)).toEqual([
        "s0",
        "s0'",
        "s1",
        "s1'",
      ]);
      await fault(api, topic, 0, "up");
    });

    it("truncates a returning leader's uncommitted suffix (leader-epoch truncation)", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { replicationFactor: 3, replicaLagMs: 10_000 });
      expect((await api.produce(topic, [{ value: "committed" }])).status).toBe(200);
      // Followers stall; the leader appends with acks=1 a record no follower gets.
      await fault(api, topic, 1, "delay", 3_000);
      await fault(api, topic, 2, "delay", 3_000);
      const orphan = await api.produce(topic, [{ value: "orphan" }], { acks: 1 });
      expect(orphan.status).toBe(200);
      await fault(api, topic, 0, "down");
      await fault(api, topic, 1, "delay", 0);
      await fault(api, topic, 2, "delay", 0);
      // The next produce elects a follower; the orphan was never replicated, so it is gone.
      await eventually(
        "a produce to succeed on a new leader",
        async () => {
          const answer = await api.produce(topic, [{ value: "new epoch" }]);
          return answer.status === 200 ? answer : undefined;
        },
        15_000,
      );
      const p = await describePartition(api, topic);
      expect(p.leader).not.toBe(0);
      await fault(api, topic, 0, "up");
      const leaderLog = (await api.fetchAll(topic, 0)).map((r) => r.value);
      expect(leaderLog).not.toContain("orphan");
      await eventually("the old leader to drop the orphan", async () => {
        await api.produce(topic, [{ value: "tick" }], { acks: 1 });
        const log = (await api.fetch(topic, 0, { replica: 0, maxRecords: 100 })).body.records;
        const values = log.map((r) => r.value);
        return !values.includes("orphan") && values.includes("new epoch") ? values : undefined;
      });
    });

    it("serves follower reads only up to the follower's high watermark", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { replicationFactor: 2 });
      await api.produce(topic, [{ value: 1 }, { value: 2 }]);
      const follower = await eventually(
        "follower high watermark",
        async () => {
          const o = await replicaOffsets(api, topic, 1);
          return o.body.highWatermark === 2 ? o.body : undefined;
        },
        1_500,
      );
      expect(follower).toMatchObject({ highWatermark: 2, logEndOffset: 2 });
      expect((await api.fetch(topic, 0, { replica: 1 })).body.records).toHaveLength(2);
      expect((await api.fetch(topic, 0, { replica: "nearest" })).body.records).toHaveLength(2);
      expect((await api.fetch(topic, 0, { replica: "leader" })).body.records).toHaveLength(2);
      expectError(await api.fetch(topic, 0, { replica: 2 }), 400, "INVALID_REQUEST");
      expectError(await api.fetch(topic, 0, { replica: 5 }), 400, "INVALID_REQUEST");
      expectError(await api.fetch(topic, 0, { replica: "far" }), 400, "INVALID_REQUEST");
    });

    it("answers 207 when one partition fails at write time and another succeeds", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      await fault(api, topic, 0, "down", undefined, 1);
      const answer = await api.request<{ offsets: Array<Record<string, unknown>> }>(
        "POST",
        `/v1/topics/${topic}/records`,
        {
          records: [
            { value: "a", partition: 0 },
            { value: "b", partition: 1 },
            { value: "c", partition: 0 },
          ],
        },
      );
      expect(answer.status).toBe(207);
      expect(answer.body.offsets[0]).toMatchObject({ partition: 0, offset: 0 });
      expect(answer.body.offsets[1]).toMatchObject({
        partition: 1,
        error: { code: "UNAVAILABLE", retriable: true },
      });
      expect(answer.body.offsets[2]).toMatchObject({ partition: 0, offset: 1 });
      // Every partition failing is a plain error answer.
      const all = await api.produce(topic, [{ value: "d", partition: 1 }]);
      expectError(all, 503, "UNAVAILABLE");
      await fault(api, topic, 0, "up", undefined, 1);
      expect((await api.produce(topic, [{ value: "e", partition: 1 }])).status).toBe(200);
      expect((await api.fetchAll(topic, 1)).map((r) => r.value)).toEqual(["e"]);
    });

    it("validates fault requests", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { replicationFactor: 2 });
      const bad: Array<Record<string, unknown>> = [
        { topic, partition: 0, replica: 0, fault: "explode" },
        { topic, partition: 0, replica: 9, fault: "down" },
        { topic, partition: 0, replica: 2, fault: "down" },
        { topic, partition: 0, replica: 0, fault: "delay" },
        { topic, partition: 0, replica: 0, fault: "delay", delayMs: 60_001 },
        { topic, partition: 0, replica: 0, fault: "down", delayMs: 5 },
        { topic, partition: "0", replica: 0, fault: "down" },
      ];
      for (const body of bad) {
        expectError(await api.request("POST", "/v1/admin/faults", body), 400, "INVALID_REQUEST");
      }
      const missing = { topic: uniqueTopic(), partition: 0, replica: 0, fault: "down" };
      expectError(await api.request("POST", "/v1/admin/faults", missing), 404, "TOPIC_NOT_FOUND");
      const noPartition = { topic, partition: 3, replica: 0, fault: "down" };
      expectError(
        await api.request("POST", "/v1/admin/faults", noPartition),
        404,
        "PARTITION_NOT_FOUND",
      );
      const ok = await fault(api, topic, 1, "delay", 10);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ replica: 1, role: "follower", down: false, delayMs: 10 });
      expect((await fault(api, topic, 1, "down")).body).toMatchObject({ down: true });
      expect((await fault(api, topic, 1, "up")).body).toMatchObject({ down: false, delayMs: 10 });
    });
  });
}
