// Exactly once under leader failover (design/stream-sql.md, Guarantees): a counting query whose
// output and repartition leaders are taken down and brought back between and during runs ends
// with counts equal to the reference, and no count is ever written twice.
import { describe, expect, it } from "vitest";
import type { Json } from "../../src/sql/plan.js";
import { type Api, type FetchedRecord, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { describePartition, fault } from "../support/replication.js";

export function streamSqlFailoverSuite(api: Api): void {
  describe("stream SQL exactly once under failover", () => {
    it("counts each input once while output leaders fail over", async () => {
      const input = uniqueTopic("clicks");
      await api.createTopic(input, {
        partitions: 1,
        replicationFactor: 3,
        minInsyncReplicas: 2,
        replicaLagMs: 400,
      });
      const out = uniqueTopic("counts");
      const created = await api.request<{ id: string }>("POST", "/v1/queries", {
        sql: `CREATE TABLE \`${out}\` AS SELECT page, COUNT(*) AS n FROM \`${input}\` GROUP BY page`,
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      const repartition = `_query-${id}-repartition`;
      const reference = new Map<string, number>();
      for (let round = 0; round < 4; round++) {
        const records = Array.from({ length: 30 }, (_, i) => ({
          key: `k${i % 7}`,
          value: { page: `/p${(i * (round + 1)) % 5}` },
        }));
        const produced = await api.produce(input, records);
        expect(produced.status).toBe(200);
        for (const r of records)
          reference.set(r.value.page, (reference.get(r.value.page) ?? 0) + 1);
        // Take down the current leader of the output (even rounds) or repartition topic (odd).
        const victim = round % 2 === 0 ? out : repartition;
        const { leader } = await describePartition(api, victim);
        expect((await fault(api, victim, leader, "down")).status).toBe(200);
        // A run meets the failover: it may finish on the new leader or stop and be resumed.
        await api.request("GET", `/v1/queries/${id}`);
        // The write met the failover: another replica leads now.
        expect((await describePartition(api, victim)).leader).not.toBe(leader);
        expect((await fault(api, victim, leader, "up")).status).toBe(200);
      }
      const final = await eventually(
        "the query to catch up",
        async () => {
          const answer = await api.request<{
            partitions: { lagRecords: number }[];
            lastError?: string;
          }>("GET", `/v1/queries/${id}`);
          return answer.status === 200 && answer.body.lastError === undefined
            ? answer.body
            : undefined;
        },
        30_000,
      );
      expect(final.partitions.every((p) => p.lagRecords === 0)).toBe(true);
      const outputs: FetchedRecord[] = await api.fetchAll(out, 0);
      const latest = new Map<string, Json>();
      const seen = new Map<string, number[]>();
      for (const r of outputs) {
        const value = r.value as { PAGE: string; N: number };
        latest.set(r.key as string, value.N);
        seen.set(r.key as string, [...(seen.get(r.key as string) ?? []), value.N]);
      }
      expect(latest).toEqual(reference);
      // Every count a key passed through appears once, increasing: nothing was written twice.
      for (const counts of seen.values()) {
        expect(counts).toEqual([...new Set(counts)].sort((a, b) => a - b));
      }
    }, 120_000);
  });
}
