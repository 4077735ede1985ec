// Group lag sampling (metrics/lag-sampler.ts) on a coordinator's SQLite with a fake clock and
// fake partitions: one sample per interval at most, an alarm only for an empty group with lag,
// and 24 h of history kept.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { GroupDescription } from "../../src/groups/group-rpc.js";
import { GROUP_MIGRATIONS } from "../../src/groups/group-store.js";
import type { PartitionReplicaRpc } from "../../src/log/partition-rpc.js";
import { migrate } from "../../src/log/sql.js";
import { LagSampler } from "../../src/metrics/lag-sampler.js";
import { LAG_HISTORY_MS } from "../../src/protocol/limits.js";
import type { TopicMetadata } from "../../src/protocol/types.js";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";

const SAMPLE_MS = 60_000;
const TOPIC: TopicMetadata = {
  name: "orders",
  topicId: "tid",
  createdAt: 0,
  config: {
    replicationFactor: 1,
    minInsyncReplicas: 1,
    replicaLagMs: 10_000,
    cleanupPolicy: "delete",
  },
  partitions: [0, 1].map((partition) => ({
    partition,
    leader: 0,
    leaderEpoch: 0,
    replicas: [0],
    isr: [0],
  })),
};

/** Partitions at high watermark `hw` whose records were all stamped at `stampedAt`. */
function partitions(state: { hw: number; stampedAt: number }) {
  return (_topic: string, _partition: number) =>
    ({
      offsets: async () => ({
        ok: true,
        logStartOffset: 0,
        highWatermark: state.hw,
        logEndOffset: state.hw,
      }),
      recordTime: async () => ({ ok: true, timestamp: state.stampedAt }),
    }) as unknown as PartitionReplicaRpc;
}

function group(members: number, committed: number): GroupDescription {
  return {
    ok: true,
    groupId: "g",
    groupType: "consumer",
    state: members > 0 ? "Stable" : "Empty",
    groupEpoch: 1,
    assignor: "range",
    members: Array.from({ length: members }, () => ({ topics: ["orders"] })) as never,
    offsets: [0, 1].map((partition) => ({
      topic: "orders",
      partition,
      offset: committed,
      metadata: "",
      topicId: "tid",
      committedAt: 1,
    })) as never,
  };
}

describe("lag sampler", () => {
  it("samples at most once per interval, sums a topic's partitions, and alarms only an empty lagging group", async () => {
    const stub = (env as unknown as Env).GROUPS.getByName(`group/${uniqueTopic("g")}`);
    await runInDurableObject(stub, async (_instance, state) => {
      const sql = state.storage.sql;
      migrate(sql, (fn) => state.storage.transactionSync(fn), GROUP_MIGRATIONS);
      sql.exec("DELETE FROM lag_samples");
      let now = 10 * SAMPLE_MS;
      let described = group(1, 2);
      const log = { hw: 5, stampedAt: now - 4_000 };
      const sampler = new LagSampler({
        sql,
        probe: { topic: async () => TOPIC, replica: partitions(log) },
        sampleMs: SAMPLE_MS,
        describe: () => described,
        now: () => now,
      });
      await sampler.sampleIfDue();
      expect(sampler.history(0, null)).toEqual([
        { timestamp: now, topic: "orders", lagRecords: 6, lagSeconds: 4 },
      ]);
      // With members, heartbeats bring the next sample: no alarm of its own.
      expect(sampler.nextAlarmAt()).toBeNull();
      now += SAMPLE_MS - 1;
      expect(sampler.due()).toBe(false);
      await sampler.sampleIfDue();
      expect(sampler.history(0, null)).toHaveLength(1);
      // Empty, still lagging: one alarm per interval.
      described = group(0, 2);
      now += 1;
      expect(sampler.due()).toBe(true);
      await sampler.sampleIfDue();
      expect(sampler.history(0, null)).toHaveLength(2);
      expect(sampler.nextAlarmAt()).toBe(now + SAMPLE_MS);
      // Caught up and empty: idle, no alarm.
      described = group(0, 5);
      now += SAMPLE_MS;
      await sampler.sampleIfDue();
      expect(sampler.history(now, null)).toEqual([
        { timestamp: now, topic: "orders", lagRecords: 0, lagSeconds: 0 },
      ]);
      expect(sampler.nextAlarmAt()).toBeNull();
      expect(sampler.history(0, "other")).toEqual([]);
      // A day later the old samples are gone.
      now += LAG_HISTORY_MS + 1;
      await sampler.sampleIfDue();
      expect(sampler.history(0, null).map((s) => s.timestamp)).toEqual([now]);
    });
  });
});
