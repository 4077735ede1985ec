// A scrape is bounded in time (service/scrape.ts): a partition whose leader never answers is left
// out once SCRAPE_MS_MAX has passed, and the scrape says it is partial instead of hanging. The
// cluster is a stand-in whose partition 1 hangs and moves the clock past the deadline.
import { describe, expect, it } from "vitest";
import type { PartitionMetricsOk } from "../../src/metrics/partition-metrics.js";
import { SCRAPE_MS_MAX } from "../../src/protocol/limits.js";
import type { Cluster } from "../../src/service/cluster.js";
import { scrape } from "../../src/service/scrape.js";

const START = 1_700_000_000_000;

describe("scrape deadline", () => {
  it("leaves out a partition that does not answer by the deadline and reports a partial scrape", async () => {
    let clock = START;
    const topic = {
      name: "orders",
      topicId: "tid",
      createdAt: 0,
      config: {},
      partitions: [0, 1].map((partition) => ({
        partition,
        leader: 0,
        leaderEpoch: 0,
        replicas: [0],
        isr: [0],
      })),
    };
    const answered = { ok: true, isr: [0], counters: {} } as unknown as PartitionMetricsOk;
    const cluster = {
      catalog: {
        listTopics: async () => ({ ok: true, topics: [topic] }),
        listGroups: async () => ({ ok: true, groups: [] }),
        watchersOfKind: async () => ({ ok: true, watchers: [] }),
      },
      queries: { list: async () => [] },
      replica: (_topic: string, partition: number) => ({
        metrics: () => {
          if (partition === 0) return Promise.resolve(answered);
          clock = START + SCRAPE_MS_MAX; // the deadline passes while it hangs
          return new Promise<never>(() => {});
        },
      }),
    } as unknown as Cluster;
    const snapshot = await scrape(cluster, null, () => clock);
    expect(snapshot.partial).toBe(true);
    expect(snapshot.partitions.map((p) => p.partition)).toEqual([0]);
  });
});
