// GET /metrics (design/observability.md): exact values after a known produce, fetch and commit
// sequence, the topic filter, under-replication through a follower's fault and recovery, and
// counters that continue across a leader change.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { parseSamples, type Sample, sampleValue } from "../support/prometheus-text.js";
import { fault } from "../support/replication.js";

async function scrape(api: Api, query = ""): Promise<Sample[]> {
  const response = await api.raw("GET", `/metrics${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseSamples(await response.text());
}

interface Storage {
  partitions: Array<{ storage: { bytes: number } }>;
}

export function metricsSuite(api: Api): void {
  describe("GET /metrics", () => {
    it("reports exact partition, counter, histogram and group values after a known sequence", async () => {
      const topic = uniqueTopic();
      const group = uniqueTopic("g");
      await api.createTopic(topic, { partitions: 2 });
      await api.produce(topic, [
        { value: "a", partition: 0 },
        { value: "b", partition: 0 },
        { value: "c", partition: 0 },
        { value: "d", partition: 1 },
      ]);
      await api.fetchAll(topic, 0);
      await api.request("POST", `/v1/groups/${group}/offsets`, {
        offsets: [{ topic, partition: 0, offset: 1 }],
      });
      const described = await api.request<Storage>("GET", `/v1/topics/${topic}`);
      const [bytes0, bytes1] = described.body.partitions.map((p) => p.storage.bytes);
      const samples = await scrape(api, `?topic=${topic}`);
      const at = (name: string, labels: Record<string, string | number> = {}) =>
        sampleValue(samples, name, labels);
      const p0 = { topic, partition: 0 };
      const p1 = { topic, partition: 1 };
      expect(
        [0, 1].map((partition) => ({
          start: at("edgelog_partition_log_start_offset", { topic, partition }),
          hw: at("edgelog_partition_high_watermark", { topic, partition }),
          end: at("edgelog_partition_log_end_offset", { topic, partition }),
          replicas: at("edgelog_partition_replicas", { topic, partition }),
          isr: at("edgelog_partition_isr_replicas", { topic, partition }),
          under: at("edgelog_partition_under_replicated", { topic, partition }),
          epoch: at("edgelog_partition_leader_epoch", { topic, partition }),
        })),
      ).toEqual([
        { start: 0, hw: 3, end: 3, replicas: 1, isr: 1, under: 0, epoch: 0 },
        { start: 0, hw: 1, end: 1, replicas: 1, isr: 1, under: 0, epoch: 0 },
      ]);
      expect(at("edgelog_partition_stored_bytes", p0)).toBe(bytes0);
      expect(at("edgelog_records_produced_total", p0)).toBe(3);
      expect(at("edgelog_records_produced_total", p1)).toBe(1);
      expect(at("edgelog_bytes_produced_total", p0)).toBe(bytes0);
      expect(at("edgelog_bytes_produced_total", p1)).toBe(bytes1);
      expect(at("edgelog_records_fetched_total", p0)).toBe(3);
      expect(at("edgelog_records_fetched_total", p1)).toBe(0);
      expect(at("edgelog_bytes_fetched_total", p0)).toBe(bytes0);
      expect(at("edgelog_bytes_fetched_total", p1)).toBe(0);
      // One request, two partition shares: two observations.
      expect(at("edgelog_produce_duration_seconds_count", { topic })).toBe(2);
      expect(at("edgelog_produce_duration_seconds_bucket", { topic, le: "+Inf" })).toBe(2);
      expect(at("edgelog_group_members", { group })).toBe(0);
      expect(at("edgelog_group_lag_records", { group, ...p0 })).toBe(2);
      // Never committed: the whole log is behind.
      expect(at("edgelog_group_lag_records", { group, ...p1 })).toBe(1);
      expect(at("edgelog_group_lag_seconds", { group, ...p0 })).toBeGreaterThanOrEqual(0);
      expect(at("edgelog_scrape_partial")).toBe(0);
      // Only the selected topic: no other topic's series, no other group's.
      expect(new Set(samples.flatMap((s) => (s.labels.topic ? [s.labels.topic] : [])))).toEqual(
        new Set([topic]),
      );
      expect(new Set(samples.flatMap((s) => (s.labels.group ? [s.labels.group] : [])))).toEqual(
        new Set([group]),
      );
    });

    it("counts what a fetch and a caught-up group add on a second scrape", async () => {
      const topic = uniqueTopic();
      const group = uniqueTopic("g");
      await api.createTopic(topic);
      await api.produce(topic, [{ value: 1 }, { value: 2 }]);
      await api.fetch(topic, 0, { offset: 1 });
      await api.request("POST", `/v1/groups/${group}/offsets`, {
        offsets: [{ topic, partition: 0, offset: 2 }],
      });
      const samples = await scrape(api, `?topic=${topic}`);
      const p0 = { topic, partition: 0 };
      expect(sampleValue(samples, "edgelog_records_fetched_total", p0)).toBe(1);
      expect(sampleValue(samples, "edgelog_group_lag_records", { group, ...p0 })).toBe(0);
      expect(sampleValue(samples, "edgelog_group_lag_seconds", { group, ...p0 })).toBe(0);
    });

    it("leaves out unknown topics and refuses bad names and methods", async () => {
      const samples = await scrape(api, `?topic=${uniqueTopic()}`);
      expect(samples.filter((s) => s.labels.topic !== undefined)).toEqual([]);
      expect(sampleValue(samples, "edgelog_scrape_partial")).toBe(0);
      expectError(await api.request("GET", "/metrics?topic=a%20b"), 400, "INVALID_REQUEST");
      expectError(await api.request("POST", "/metrics"), 405, "METHOD_NOT_ALLOWED");
    });

    it("reports a partition whose leader does not answer by a partial scrape, not an error", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      await fault(api, topic, 0, "down", undefined, 1);
      const samples = await scrape(api, `?topic=${topic}`);
      expect(sampleValue(samples, "edgelog_scrape_partial")).toBe(1);
      expect(
        sampleValue(samples, "edgelog_partition_high_watermark", { topic, partition: 0 }),
      ).toBe(0);
      expect(
        sampleValue(samples, "edgelog_partition_high_watermark", { topic, partition: 1 }),
      ).toBe(undefined);
      await fault(api, topic, 0, "up", undefined, 1);
    });

    it("shows a follower taken down as under-replicated, then 0 once it caught up", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { replicationFactor: 2, replicaLagMs: 300 });
      await api.produce(topic, [{ value: "before" }]);
      const under = async () =>
        sampleValue(await scrape(api, `?topic=${topic}`), "edgelog_partition_under_replicated", {
          topic,
          partition: 0,
        });
      expect(await under()).toBe(0);
      await fault(api, topic, 1, "down");
      await eventually("the follower to leave the ISR", async () => {
        await api.produce(topic, [{ value: "while down" }], { acks: 1 });
        return (await under()) === 1 ? true : undefined;
      });
      await fault(api, topic, 1, "up");
      await eventually("the follower to rejoin the ISR", async () => {
        await api.produce(topic, [{ value: "nudge" }], { acks: 1 });
        return (await under()) === 0 ? true : undefined;
      });
    });

    it("keeps counting produced records across a leader change", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { replicationFactor: 2, replicaLagMs: 500 });
      await api.produce(topic, [{ value: "a" }, { value: "b" }]);
      await fault(api, topic, 0, "down");
      expect((await api.produce(topic, [{ value: "c" }])).status).toBe(200);
      const samples = await scrape(api, `?topic=${topic}`);
      const p0 = { topic, partition: 0 };
      expect(sampleValue(samples, "edgelog_partition_leader_epoch", p0)).toBe(1);
      // The new leader counted the two records it appended as a follower, and the third.
      expect(sampleValue(samples, "edgelog_records_produced_total", p0)).toBe(3);
      await fault(api, topic, 0, "up");
    });
  });
}
