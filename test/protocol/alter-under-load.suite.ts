// Altering a topic while it is in use (issue 14): a config change or new partitions never disturb
// replication, so acks="all" writes in flight succeed, each record is stored exactly once, and
// the high watermark readers see stays where it is.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { fault } from "../support/replication.js";

const PRODUCERS = 4;
const RECORDS_PER_BATCH = 3;

interface Outcome {
  status: number;
  body: unknown;
}

export function alterUnderLoadSuite(api: Api): void {
  describe("altering a topic under acks=all load", () => {
    it("PATCHes of config and partitions leave every concurrent produce a 200, each record once", async () => {
      const topic = uniqueTopic();
      const created = await api.createTopic(topic, {
        partitions: 2,
        replicationFactor: 3,
        minInsyncReplicas: 2,
      });
      expect(created.status).toBe(201);
      const failures: Outcome[] = [];
      const sent: string[] = [];
      let altering = true;
      async function producer(p: number): Promise<void> {
        // Keep producing until the alters are done, then a few batches more.
        for (let b = 0, after = 0; after < 3; b++) {
          if (!altering) after++;
          const values = Array.from({ length: RECORDS_PER_BATCH }, (_, r) => `p${p}-b${b}-r${r}`);
          // Keyed records spread over every partition the gateway knows of, new ones included.
          const answer = await api.produce(
            topic,
            values.map((value) => ({ key: value, value })),
            { acks: "all" },
          );
          if (answer.status === 200) sent.push(...values);
          else failures.push({ status: answer.status, body: answer.body });
        }
      }
      async function alterer(): Promise<void> {
        const patches: Array<Record<string, unknown>> = [
          { retentionMs: 86_400_000 },
          { retentionMs: 86_400_001 },
          { partitions: 4 },
          { retentionMs: 86_400_002, retentionBytes: 1_000_000_000 },
          { replicaLagMs: 10_001 },
          { partitions: 8 },
          { minInsyncReplicas: 2, retentionMs: 86_400_003 },
          { partitions: 12 },
        ];
        try {
          for (const patch of patches) {
            const answer = await api.request("PATCH", `/v1/topics/${topic}`, patch);
            expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          }
        } finally {
          altering = false;
        }
      }
      await Promise.all([alterer(), ...Array.from({ length: PRODUCERS }, (_, p) => producer(p))]);
      expect(failures).toEqual([]);
      // Every acknowledged record is stored once: a failed-but-committed write, retried by a
      // client, would show up twice.
      const stored: string[] = [];
      for (let partition = 0; partition < 12; partition++) {
        const records = await api.fetchAll(topic, partition);
        stored.push(...records.map((r) => r.value as string));
      }
      expect(stored.length).toBe(new Set(stored).size);
      expect([...stored].sort()).toEqual([...sent].sort());
      expect(sent.length).toBeGreaterThan(PRODUCERS * 3 * RECORDS_PER_BATCH);
    });

    it("a PATCH never moves the leader's high watermark back", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { replicationFactor: 3 });
      for (const value of ["a", "b", "c"]) {
        expect((await api.produce(topic, [{ value }])).status).toBe(200);
      }
      // Slow followers keep the PATCH (which reaches every replica) open while the leader,
      // changed already, answers reads.
      await fault(api, topic, 1, "delay", 1_000);
      await fault(api, topic, 2, "delay", 1_000);
      let patching = true;
      const patch = api
        .request("PATCH", `/v1/topics/${topic}`, { retentionMs: 86_400_000 })
        .finally(() => {
          patching = false;
        });
      const seen = new Set<number>();
      while (patching) seen.add((await api.offsets(topic, 0)).body.highWatermark);
      expect((await patch).status).toBe(200);
      expect([...seen]).toEqual([3]);
      await fault(api, topic, 1, "delay", 0);
      await fault(api, topic, 2, "delay", 0);
    });
  });
}
