// A partition's counters and per-minute activity in its SQLite (metrics/partition-activity.ts):
// appends are written at once, fetch counts and latencies ride on a later write within
// METRICS_FLUSH_MS, and minutes older than the 24 h window fold into the totals.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PARTITION_MIGRATIONS } from "../../src/log/partition-schema.js";
import { migrate } from "../../src/log/sql.js";
import { PartitionActivity } from "../../src/metrics/partition-activity.js";
import { ACTIVITY_MINUTES_KEPT, METRICS_FLUSH_MS } from "../../src/protocol/limits.js";
import { uniqueTopic } from "../support/api.js";
import { replicaObject } from "../support/maintenance.js";

const T0 = 1_700_000_040_000; // a minute's start

type Storage = DurableObjectState["storage"];

function fresh(storage: Storage): PartitionActivity {
  migrate(storage.sql, (fn) => storage.transactionSync(fn), PARTITION_MIGRATIONS);
  return new PartitionActivity(storage.sql);
}

describe("partition activity", () => {
  it("writes appends at once and keeps fetch counts in memory until a write or the flush interval", async () => {
    await runInDurableObject(replicaObject(uniqueTopic(), 0, 0), (_instance, state) => {
      const activity = fresh(state.storage);
      activity.clear();
      activity.appended(3, 30, T0);
      activity.served(2, 20, T0 + 1);
      activity.acknowledged(T0 - 1, T0 + 1);
      expect(activity.counters()).toMatchObject({
        recordsIn: 3,
        bytesIn: 30,
        recordsOut: 2,
        bytesOut: 20,
        produceDuration: { count: 1 },
      });
      // A restart now would lose the fetch and the latency, never the append.
      expect(fresh(state.storage).counters()).toMatchObject({
        recordsIn: 3,
        recordsOut: 0,
        produceDuration: { count: 0 },
      });
      // The next append carries the fetch counts of its minute.
      activity.appended(1, 10, T0 + 2);
      expect(fresh(state.storage).counters()).toMatchObject({ recordsIn: 4, recordsOut: 2 });
      // With no append, the first call once the oldest count (the latency) is old enough writes.
      activity.served(5, 50, T0 + 3);
      activity.flushIfDue(T0 + 1 + METRICS_FLUSH_MS - 1);
      expect(fresh(state.storage).counters().recordsOut).toBe(2);
      activity.flushIfDue(T0 + 1 + METRICS_FLUSH_MS);
      expect(fresh(state.storage).counters()).toMatchObject({
        recordsIn: 4,
        bytesIn: 40,
        recordsOut: 7,
        bytesOut: 70,
        produceDuration: { count: 1 },
      });
      expect(fresh(state.storage).minutes(0)).toEqual([
        { minute: T0, recordsIn: 4, bytesIn: 40, recordsOut: 7, bytesOut: 70 },
      ]);
    });
  });

  it("keeps 24 h of minutes and folds older ones into the totals", async () => {
    await runInDurableObject(replicaObject(uniqueTopic(), 0, 0), (_instance, state) => {
      const activity = fresh(state.storage);
      activity.clear();
      activity.appended(1, 10, T0);
      activity.appended(2, 20, T0 + 60_000);
      const later = T0 + ACTIVITY_MINUTES_KEPT * 60_000;
      activity.appended(4, 40, later);
      const reloaded = fresh(state.storage);
      expect(reloaded.minutes(0).map((m) => m.minute)).toEqual([T0 + 60_000, later]);
      expect(reloaded.counters()).toMatchObject({ recordsIn: 7, bytesIn: 70 });
    });
  });
});
