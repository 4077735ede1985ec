// Describing a topic one of whose partitions cannot be reached (issue 14): the topic is still
// described, that partition with its catalog data (leader, epoch, replicas, ISR), offsets and
// storage null, and its error, as a 207 produce answer reports a partition's failure. A group's
// offsets over that topic still answer too: the partition's row keeps the group's commit, with
// its bounds and lag null and the error.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { fault } from "../support/replication.js";

interface GroupOffsets {
  offsets: Array<Record<string, unknown>>;
}

interface Described {
  name: string;
  partitions: Array<Record<string, unknown>>;
}

export function unavailablePartitionSuite(api: Api): void {
  describe("a topic with an unavailable partition", () => {
    it("is described and listed, the unreachable partition marked with its error", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2, replicationFactor: 2 });
      await api.produce(topic, [
        { value: "a", partition: 0 },
        { value: "b", partition: 1 },
      ]);
      // Partition 1: the leader and every in-sync replica down.
      await fault(api, topic, 0, "down", undefined, 1);
      await fault(api, topic, 1, "down", undefined, 1);
      const described = await api.request<Described>("GET", `/v1/topics/${topic}`);
      expect(described.status).toBe(200);
      expect(described.body.partitions[0]).toMatchObject({
        partition: 0,
        leader: 0,
        isr: [0, 1],
        logStartOffset: 0,
        highWatermark: 1,
        logEndOffset: 1,
        storage: { records: 1 },
      });
      expect(described.body.partitions[0]).not.toHaveProperty("error");
      expect(described.body.partitions[1]).toEqual({
        partition: 1,
        leader: 0,
        leaderEpoch: 0,
        replicas: [0, 1],
        isr: [0, 1],
        logStartOffset: null,
        highWatermark: null,
        logEndOffset: null,
        storage: null,
        error: expect.objectContaining({ code: "UNAVAILABLE", retriable: true }),
      });
      const listed = await api.request<{ topics: Array<{ name: string; partitions: number }> }>(
        "GET",
        "/v1/topics",
      );
      expect(listed.status).toBe(200);
      expect(listed.body.topics.find((t) => t.name === topic)).toMatchObject({ partitions: 2 });
      // Back up, the partition is described in full again.
      await fault(api, topic, 0, "up", undefined, 1);
      await fault(api, topic, 1, "up", undefined, 1);
      const back = await eventually("partition 1 to be described with offsets", async () => {
        const answer = await api.request<Described>("GET", `/v1/topics/${topic}`);
        return answer.body.partitions[1]?.error === undefined ? answer.body : undefined;
      });
      expect(back.partitions[1]).toMatchObject({ partition: 1, highWatermark: 1, logEndOffset: 1 });
    });

    it("leaves a group's offsets answering, the unreachable partition's row degraded", async () => {
      const topic = uniqueTopic();
      const groupId = uniqueTopic("g");
      await api.createTopic(topic, { partitions: 2, replicationFactor: 2 });
      await api.produce(topic, [
        { value: "a", partition: 0 },
        { value: "b", partition: 0 },
        { value: "c", partition: 1 },
        { value: "d", partition: 1 },
      ]);
      const committed = await api.request("POST", `/v1/groups/${groupId}/offsets`, {
        offsets: [
          { topic, partition: 0, offset: 1, metadata: "zero" },
          { topic, partition: 1, offset: 1, metadata: "one" },
        ],
      });
      expect(committed.status).toBe(200);
      await fault(api, topic, 0, "down", undefined, 1);
      await fault(api, topic, 1, "down", undefined, 1);
      const healthy = {
        topic,
        partition: 0,
        offset: 1,
        metadata: "zero",
        highWatermark: 2,
        logStartOffset: 0,
        lag: 1,
      };
      // The commit is the group's own data: still known; the rest only the leader knows.
      const degraded = {
        topic,
        partition: 1,
        offset: 1,
        metadata: "one",
        highWatermark: null,
        logStartOffset: null,
        lag: null,
        error: expect.objectContaining({ code: "UNAVAILABLE", retriable: true }),
      };
      const offsets = await api.request<GroupOffsets>("GET", `/v1/groups/${groupId}/offsets`);
      expect(offsets.status).toBe(200);
      expect(offsets.body.offsets).toEqual([healthy, degraded]);
      const described = await api.request<GroupOffsets>("GET", `/v1/groups/${groupId}`);
      expect(described.status).toBe(200);
      // Described rows also carry the lag in seconds: unknown where the lag is.
      expect(described.body.offsets).toEqual([
        { ...healthy, lagSeconds: expect.any(Number) },
        { ...degraded, lagSeconds: null },
      ]);
      await fault(api, topic, 0, "up", undefined, 1);
      await fault(api, topic, 1, "up", undefined, 1);
      const back = await eventually("partition 1's lag to be known again", async () => {
        const answer = await api.request<GroupOffsets>("GET", `/v1/groups/${groupId}/offsets`);
        return answer.body.offsets[1]?.error === undefined ? answer.body : undefined;
      });
      expect(back.offsets[1]).toEqual({
        ...degraded,
        highWatermark: 2,
        logStartOffset: 0,
        lag: 1,
        error: undefined,
      });
    });

    it("is described with the new leader when only the leader is down", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { replicationFactor: 2, replicaLagMs: 500 });
      await api.produce(topic, [{ value: "a" }]);
      await fault(api, topic, 0, "down");
      // Describing asks the leader; finding it gone elects the in-sync follower.
      const described = await api.request<Described>("GET", `/v1/topics/${topic}`);
      expect(described.status).toBe(200);
      expect(described.body.partitions[0]).toMatchObject({
        leader: 1,
        leaderEpoch: 1,
        isr: [1],
        highWatermark: 1,
      });
      expect(described.body.partitions[0]).not.toHaveProperty("error");
      await fault(api, topic, 0, "up");
    });
  });
}
