// History over HTTP (design/observability.md): a topic's per-minute activity summed over its
// partitions, a group's lag samples, and the bounds of `minutes`.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";

interface Minute {
  minute: number;
  recordsIn: number;
  bytesIn: number;
  recordsOut: number;
  bytesOut: number;
}

interface Sample {
  timestamp: number;
  topic: string;
  lagRecords: number;
  lagSeconds: number;
}

interface Storage {
  partitions: Array<{ storage: { bytes: number } }>;
}

function totals(minutes: Minute[]): Omit<Minute, "minute"> {
  const sum = { recordsIn: 0, bytesIn: 0, recordsOut: 0, bytesOut: 0 };
  for (const m of minutes) {
    sum.recordsIn += m.recordsIn;
    sum.bytesIn += m.bytesIn;
    sum.recordsOut += m.recordsOut;
    sum.bytesOut += m.bytesOut;
  }
  return sum;
}

export function historySuite(api: Api): void {
  describe("topic activity", () => {
    it("sums records and bytes in and out per minute over the topic's partitions", async () => {
      const name = uniqueTopic();
      const before = Date.now();
      await api.createTopic(name, { partitions: 2 });
      await api.produce(name, [
        { value: "a", partition: 0 },
        { value: { b: 1 }, partition: 0 },
        { value: "c", partition: 0 },
        { value: "dd", partition: 1 },
        { value: "e", partition: 1 },
      ]);
      await api.fetchAll(name, 0);
      const described = await api.request<Storage>("GET", `/v1/topics/${name}`);
      const [p0, p1] = described.body.partitions.map((p) => p.storage.bytes);
      const answer = await api.request<{ minutes: Minute[] }>(
        "GET",
        `/v1/topics/${name}/activity?minutes=5`,
      );
      expect(answer.status).toBe(200);
      // Bytes are the records' stored size, as the topic's storage counts them.
      expect(totals(answer.body.minutes)).toEqual({
        recordsIn: 5,
        bytesIn: (p0 ?? 0) + (p1 ?? 0),
        recordsOut: 3,
        bytesOut: p0,
      });
      const minutes = answer.body.minutes.map((m) => m.minute);
      expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
      for (const minute of minutes) {
        expect(minute % 60_000).toBe(0);
        expect(minute).toBeGreaterThanOrEqual(before - (before % 60_000));
      }
    });

    it("answers an empty list for a topic without activity", async () => {
      const name = uniqueTopic();
      await api.createTopic(name);
      const answer = await api.request("GET", `/v1/topics/${name}/activity`);
      expect(answer).toMatchObject({ status: 200, body: { minutes: [] } });
    });

    it("takes minutes from 1 to 1440 and refuses anything else", async () => {
      const name = uniqueTopic();
      await api.createTopic(name);
      for (const ok of ["1", "1440"]) {
        const answer = await api.request("GET", `/v1/topics/${name}/activity?minutes=${ok}`);
        expect(answer.status).toBe(200);
      }
      for (const bad of ["0", "1441", "-1", "abc", "1.5", ""]) {
        const answer = await api.request("GET", `/v1/topics/${name}/activity?minutes=${bad}`);
        expectError(answer, 400, "INVALID_REQUEST");
      }
      const missing = await api.request("GET", `/v1/topics/${uniqueTopic()}/activity`);
      expectError(missing, 404, "TOPIC_NOT_FOUND");
      const post = await api.request("POST", `/v1/topics/${name}/activity`);
      expectError(post, 405, "METHOD_NOT_ALLOWED");
    });
  });

  describe("group lag history", () => {
    it("samples a group's lag per topic after a commit", async () => {
      const topic = uniqueTopic();
      const other = uniqueTopic();
      const group = uniqueTopic("g");
      await api.createTopic(topic, { partitions: 2 });
      await api.createTopic(other);
      await api.produce(topic, [
        { value: 1, partition: 0 },
        { value: 2, partition: 0 },
        { value: 3, partition: 0 },
        { value: 4, partition: 1 },
      ]);
      const before = Date.now();
      const commit = await api.request("POST", `/v1/groups/${group}/offsets`, {
        offsets: [
          { topic, partition: 0, offset: 1 },
          { topic: other, partition: 0, offset: 0 },
        ],
      });
      expect(commit.status).toBe(200);
      const samples = await eventually("a lag sample", async () => {
        const answer = await api.request<{ samples: Sample[] }>(
          "GET",
          `/v1/groups/${group}/lag-history?minutes=5`,
        );
        return answer.body.samples.length > 0 ? answer.body.samples : undefined;
      });
      // Partition 0 lags 2 records; partition 1, never committed, its whole log: 1.
      expect(samples.map(({ topic, lagRecords }) => ({ topic, lagRecords }))).toEqual(
        [
          { topic, lagRecords: 3 },
          { topic: other, lagRecords: 0 },
        ].sort((a, b) => a.topic.localeCompare(b.topic)),
      );
      const mine = samples.find((s) => s.topic === topic);
      expect(mine?.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(mine?.lagSeconds).toBeLessThan((Date.now() - before) / 1000 + 60);
      expect(samples.find((s) => s.topic === other)?.lagSeconds).toBe(0);
      const one = await api.request<{ samples: Sample[] }>(
        "GET",
        `/v1/groups/${group}/lag-history?topic=${other}`,
      );
      expect(one.body.samples.map((s) => s.topic)).toEqual([other]);
    });

    it("refuses a bad minutes or topic, and an unknown group", async () => {
      const group = uniqueTopic("g");
      const topic = uniqueTopic();
      await api.createTopic(topic);
      await api.request("POST", `/v1/groups/${group}/offsets`, {
        offsets: [{ topic, partition: 0, offset: 0 }],
      });
      for (const bad of ["0", "1441", "x"]) {
        const answer = await api.request("GET", `/v1/groups/${group}/lag-history?minutes=${bad}`);
        expectError(answer, 400, "INVALID_REQUEST");
      }
      const badTopic = await api.request("GET", `/v1/groups/${group}/lag-history?topic=a%20b`);
      expectError(badTopic, 400, "INVALID_REQUEST");
      const ok = await api.request("GET", `/v1/groups/${group}/lag-history?minutes=1440`);
      expect(ok.status).toBe(200);
      const missing = await api.request("GET", `/v1/groups/${uniqueTopic("g")}/lag-history`);
      expectError(missing, 404, "GROUP_NOT_FOUND");
    });
  });
}
