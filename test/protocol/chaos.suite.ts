// Chaos (DESIGN.md §3 invariant): concurrent acks="all" producers while single replicas, the
// leader included, go down and come back in a seeded random order. Afterwards every acknowledged
// record is readable exactly once, in acknowledged order, from the leader and from every in-sync
// follower, and the high watermark a reader saw never went back.
import { describe, expect, it } from "vitest";
import { type Api, type FetchedRecord, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { describePartition, fault, seededRandom } from "../support/replication.js";

/** Change the seed to explore other orders; a failure message names the seed and its steps. */
const SEED = 20261123;
const PRODUCERS = 4;
const CHAOS_MS = 8_000;
const STEP_MS = 350;

interface Acked {
  producer: number;
  seq: number;
  offset: number;
}

export function chaosSuite(api: Api): void {
  describe("chaos", () => {
    it(`keeps every acknowledged record through seeded failures (seed ${SEED})`, async () => {
      const random = seededRandom(SEED);
      const topic = uniqueTopic("chaos");
      await api.createTopic(topic, {
        replicationFactor: 3,
        minInsyncReplicas: 2,
        replicaLagMs: 400,
      });
      const acked: Acked[] = [];
      const failures = new Map<string, number>();
      let stop = false;

      async function producer(p: number): Promise<void> {
        for (let seq = 0; !stop; seq++) {
          const records = [0, 1].map((r) => ({ key: `p${p}`, value: { p, seq, r }, partition: 0 }));
          const answer = await api.produce(topic, records);
          if (answer.status === 200) {
            acked.push({ producer: p, seq, offset: answer.body.offsets[0]?.offset as number });
          } else {
            const code = (answer.body as unknown as { error: { code: string } }).error.code;
            failures.set(code, (failures.get(code) ?? 0) + 1);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      }

      const watermarks: number[] = [];
      async function reader(): Promise<void> {
        while (!stop) {
          const answer = await api.offsets(topic, 0);
          if (answer.status === 200) watermarks.push(answer.body.highWatermark);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      }

      async function chaos(): Promise<string[]> {
        const steps: string[] = [];
        let down: number | null = null;
        const deadline = Date.now() + CHAOS_MS;
        while (Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, STEP_MS * (0.5 + random())));
          if (down !== null) {
            await fault(api, topic, down, "up");
            steps.push(`up ${down}`);
            down = null;
          } else {
            // Half the time the current leader: failover is the interesting case.
            const leader = (await describePartition(api, topic)).leader;
            down = random() < 0.5 ? leader : Math.floor(random() * 3);
            await fault(api, topic, down, "down");
            steps.push(`down ${down}${down === leader ? " (leader)" : ""}`);
          }
        }
        if (down !== null) await fault(api, topic, down, "up");
        return steps;
      }

      const running = [...Array.from({ length: PRODUCERS }, (_, p) => producer(p)), reader()];
      const steps = await chaos();
      stop = true;
      await Promise.all(running);
      const context = `seed ${SEED}; steps: ${steps.join(", ")}; failures: ${JSON.stringify([...failures])}`;

      // The high watermark a reader saw never went back.
      for (let i = 1; i < watermarks.length; i++) {
        expect(watermarks[i], context).toBeGreaterThanOrEqual(watermarks[i - 1] as number);
      }
      expect(acked.length, context).toBeGreaterThan(10);
      expect(
        steps.some((s) => s.includes("leader")),
        context,
      ).toBe(true);

      // Let the cluster settle: everything up, every replica back in the ISR and caught up.
      const settled = await eventually(
        "all replicas in sync",
        async () => {
          await api.produce(topic, [{ value: "settle", partition: 0 }]);
          const p = await describePartition(api, topic);
          return p.isr.length === 3 && p.highWatermark === p.logEndOffset ? p : undefined;
        },
        20_000,
      );
      const leaderLog = await api.fetchAll(topic, 0);
      expect(leaderLog.length).toBe(settled.highWatermark);
      checkAcknowledged(leaderLog, acked, context);
      for (const replica of [0, 1, 2]) {
        const log = await eventually(`replica ${replica} to serve the whole log`, async () => {
          const records = await fetchAllFrom(api, topic, replica);
          return records.length >= leaderLog.length ? records : undefined;
        });
        expect(log.slice(0, leaderLog.length), `${context}; replica ${replica}`).toEqual(leaderLog);
      }
    }, 60_000);
  });
}

/** Every acknowledged record exactly once, at its acknowledged offset, in acknowledged order. */
function checkAcknowledged(log: FetchedRecord[], acked: Acked[], context: string): void {
  const seen = new Map<string, number>();
  for (const record of log) {
    const v = record.value as { p?: number; seq?: number; r?: number } | string;
    if (typeof v !== "object" || v === null) continue;
    const id = `${v.p}/${v.seq}/${v.r}`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const lastOffset = new Map<number, number>();
  for (const a of acked) {
    for (const r of [0, 1]) {
      expect(
        seen.get(`${a.producer}/${a.seq}/${r}`),
        `${context}; acked ${a.producer}/${a.seq}`,
      ).toBe(1);
      expect(log[a.offset + r]?.value, context).toEqual({ p: a.producer, seq: a.seq, r });
    }
    expect(a.offset, context).toBeGreaterThan(lastOffset.get(a.producer) ?? -1);
    lastOffset.set(a.producer, a.offset);
  }
}

async function fetchAllFrom(api: Api, topic: string, replica: number): Promise<FetchedRecord[]> {
  const records: FetchedRecord[] = [];
  for (let offset = 0; ; ) {
    const answer = await api.fetch(topic, 0, { offset, replica, maxRecords: 1000 });
    if (answer.status !== 200) throw new Error(`replica ${replica} answered ${answer.status}`);
    records.push(...answer.body.records);
    if (answer.body.records.length === 0) return records;
    offset = answer.body.nextOffset;
  }
}
