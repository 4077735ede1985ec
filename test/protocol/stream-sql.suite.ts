// Stream SQL over HTTP (design/stream-sql.md): persistent queries run by processor objects
// produce exactly the output of a reference over the same input, across runs that overlap and
// wakes by appends; joins see table updates; pull queries read a table's state; push queries
// stream rows over SSE.
import { describe, expect, it } from "vitest";
import type { Json } from "../../src/sql/plan.js";
import { type Api, type FetchedRecord, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { sqlApi } from "../support/sql-api.js";
import { randomBeacons } from "../support/sql-reference.js";
import { SseReader } from "../support/sse.js";

export function streamSqlSuite(api: Api): void {
  const { createQuery, describeQuery, pull, seededTopic, partitionRecords, view } = sqlApi(api);

  describe("persistent stream queries", () => {
    it("filters, projects and keeps order per partition, equal to the reference", async () => {
      const topic = await seededTopic(21, 300, 2);
      const out = uniqueTopic("slow");
      const created = await createQuery(
        `CREATE STREAM \`${out}\` WITH (START = 'earliest') AS SELECT page, ms * 2 AS double_ms ` +
          `FROM \`${topic}\` WHERE ms > 100 EMIT CHANGES;`,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: out,
        kind: "stream",
        outputTopic: out,
        state: "running",
      });
      // More input after creation: a describe runs the processors up to it.
      const more = randomBeacons(22, 120).map((r) => ({
        key: r.key,
        value: r.value,
        timestamp: r.timestamp,
      }));
      await api.produce(topic, more);
      const described = await describeQuery(created.body.id);
      expect(described.status).toBe(200);
      expect(described.body.partitions.map((p) => p.lagRecords)).toEqual([0, 0]);
      const inputs = await partitionRecords(topic, 2);
      const outputs = await partitionRecords(out, 2);
      for (let p = 0; p < 2; p++) {
        const expected = (inputs[p] as FetchedRecord[])
          .filter((r) => {
            const ms = (r.value as { ms: Json }).ms;
            return typeof ms === "number" && ms > 100;
          })
          .map((r) => {
            const v = r.value as { page?: string; ms: number };
            return {
              key: r.key,
              timestamp: r.timestamp,
              value: { PAGE: v.page ?? null, DOUBLE_MS: v.ms * 2 },
            };
          });
        // Same key, same partition count: each output stays on its input's partition.
        expect(
          (outputs[p] as FetchedRecord[]).map((r) => ({
            key: r.key,
            timestamp: r.timestamp,
            value: r.value,
          })),
        ).toEqual(expected);
        const stats = described.body.partitions[p];
        expect(stats?.recordsIn).toBe((inputs[p] as FetchedRecord[]).length);
        expect(stats?.recordsOut).toBe(expected.length);
        expect(stats?.errors).toBe(
          (inputs[p] as FetchedRecord[]).filter(
            (r) => typeof (r.value as { ms: Json }).ms === "string",
          ).length,
        );
      }
    });

    it("starts at the input's end by default", async () => {
      const topic = await seededTopic(3, 50, 1);
      const out = uniqueTopic("late");
      const created = await createQuery(`CREATE STREAM \`${out}\` AS SELECT KEY FROM \`${topic}\``);
      expect(created.status).toBe(201);
      await api.produce(topic, [{ key: "after", value: { page: "/x" } }]);
      await describeQuery(created.body.id);
      const outputs = await api.fetchAll(out, 0);
      expect(outputs.map((r) => r.value)).toEqual([{ KEY: "after" }]);
    });

    it("is woken by appends: output follows input with no request to the query", async () => {
      const topic = await seededTopic(6, 10, 2);
      const out = uniqueTopic("woken");
      const created = await createQuery(
        `CREATE STREAM \`${out}\` AS SELECT KEY AS k FROM \`${topic}\``,
      );
      expect(created.status).toBe(201);
      for (let round = 0; round < 3; round++) {
        await api.produce(topic, [{ key: `r${round}`, value: { page: "/w" } }]);
        await eventually(`round ${round} output`, async () => {
          const outputs = (await partitionRecords(out, 2)).flat();
          return outputs.length === round + 1 ? outputs : undefined;
        });
      }
      const outputs = (await partitionRecords(out, 2)).flat().map((r) => r.value);
      expect(outputs).toHaveLength(3);
      expect(outputs).toEqual(expect.arrayContaining([{ K: "r0" }, { K: "r1" }, { K: "r2" }]));
    });

    it("exposes each query's lag and counters on /metrics", async () => {
      const topic = await seededTopic(14, 30, 1);
      const out = uniqueTopic("metered");
      const created = await createQuery(
        `CREATE STREAM \`${out}\` WITH (START = 'earliest') AS SELECT ms FROM \`${topic}\` WHERE ms > 100`,
      );
      const described = await describeQuery(created.body.id);
      const stats = described.body.partitions[0] as NonNullable<
        (typeof described.body.partitions)[0]
      >;
      const metrics = await api.raw("GET", `/metrics?topic=${out}`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      const labels = `{query="${out}",partition="0"}`;
      expect(text).toContain(`edgelog_query_lag_records${labels} 0\n`);
      expect(text).toContain(`edgelog_query_records_in_total${labels} 30\n`);
      expect(text).toContain(`edgelog_query_records_out_total${labels} ${stats.recordsOut}\n`);
      expect(text).toContain(`edgelog_query_errors_total${labels} ${stats.errors}\n`);
      expect(text).toContain(`edgelog_query_late_records_total${labels} 0\n`);
    });

    it("writes every output exactly once when runs overlap", async () => {
      const topic = await seededTopic(5, 200, 2);
      const out = uniqueTopic("once");
      const created = await createQuery(
        `CREATE STREAM \`${out}\` WITH (START = 'earliest') AS SELECT ROWOFFSET AS o, ROWPARTITION AS p FROM \`${topic}\``,
      );
      for (let round = 0; round < 3; round++) {
        await api.produce(
          topic,
          randomBeacons(50 + round, 60).map((r) => ({ key: r.key, value: r.value })),
        );
        // Concurrent runs of the same processors: each batch is applied by one of them only.
        await Promise.all([
          describeQuery(created.body.id),
          describeQuery(created.body.id),
          describeQuery(created.body.id),
        ]);
      }
      for (let p = 0; p < 2; p++) {
        const inputs = await api.fetchAll(topic, p);
        const outputs = await api.fetchAll(out, p);
        expect(outputs.map((r) => r.value)).toEqual(inputs.map((r) => ({ O: r.offset, P: p })));
      }
    });
  });

  describe("persistent table queries", () => {
    it("lists the repartition topic it creates as internal, its output topic not", async () => {
      const topic = await seededTopic(33, 10, 1);
      const out = uniqueTopic("internal");
      const created = await createQuery(
        `CREATE TABLE \`${out}\` AS SELECT page, COUNT(*) AS n FROM \`${topic}\` GROUP BY page`,
      );
      expect(created.status).toBe(201);
      const listed = await api.request<{ topics: { name: string; internal?: boolean }[] }>(
        "GET",
        "/v1/topics",
      );
      const byName = new Map(listed.body.topics.map((t) => [t.name, t]));
      expect(byName.get(`_query-${created.body.id}-repartition`)?.internal).toBe(true);
      expect(byName.get(out)).toBeDefined();
      expect(byName.get(out)).not.toHaveProperty("internal");
      expect(byName.get(topic)).not.toHaveProperty("internal");
    });

    it("counts per page per minute through a repartition topic, equal to the reference; pull reads it", async () => {
      const topic = await seededTopic(31, 400, 3);
      const out = uniqueTopic("pv");
      const created = await createQuery(
        `CREATE TABLE \`${out}\` WITH (START = 'earliest') AS SELECT page, COUNT(*) AS views, SUM(ms) AS total ` +
          `FROM \`${topic}\` WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 1 DAY) GROUP BY page EMIT CHANGES`,
      );
      expect(created.status).toBe(201);
      expect(created.body.kind).toBe("table");
      const described = await describeQuery(created.body.id);
      expect(described.body.partitions.every((p) => p.lagRecords === 0)).toBe(true);
      // Reference: per (page, minute) count and sum. The grace is a day: partitions meet in the
      // repartition topic in any interleaving, so only a grace longer than the input's time
      // span makes lateness independent of it (lateness itself: sql-reference.test.ts).
      expect(described.body.partitions.every((p) => p.lateRecordsDropped === 0)).toBe(true);
      const inputs = (await partitionRecords(topic, 3)).flatMap((records, p) =>
        records.map((r) => view(r, p)),
      );
      const reference = new Map<
        string,
        { views: number; total: number | null; start: number; page: string }
      >();
      for (const r of inputs) {
        const v = r.value as { page?: string; ms: Json };
        if (v.page === undefined) continue;
        const start = Math.floor(r.timestamp / 60_000) * 60_000;
        const key = `${v.page.replace(/[\\|@]/g, (c) => `\\${c}`)}@${start}`;
        const row = reference.get(key) ?? { views: 0, total: null, start, page: v.page };
        row.views++;
        if (typeof v.ms === "number") row.total = (row.total ?? 0) + v.ms;
        reference.set(key, row);
      }
      const latest = new Map<string, Json>();
      for (const records of await partitionRecords(out, 3)) {
        for (const r of records) latest.set(r.key as string, (r.value ?? null) as Json);
      }
      expect(latest).toEqual(
        new Map(
          [...reference].map(([key, row]) => [
            key,
            {
              PAGE: row.page,
              VIEWS: row.views,
              TOTAL: row.total,
              WINDOWSTART: row.start,
              WINDOWEND: row.start + 60_000,
            },
          ]),
        ),
      );
      const home = [...reference.values()]
        .filter((row) => row.page === "/home")
        .sort((a, b) => a.start - b.start);
      const second = home[1] as { start: number };
      const answer = await pull(
        `SELECT WINDOWSTART, VIEWS FROM \`${out}\` WHERE KEY = '/home' AND WINDOWSTART >= ${second.start}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.columns).toEqual(["WINDOWSTART", "VIEWS"]);
      expect(answer.body.rows.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(
        home.slice(1).map((row) => [row.start, row.views]),
      );
      const all = await pull(`SELECT * FROM \`${out}\``);
      expect(all.body.columns).toEqual(["PAGE", "VIEWS", "TOTAL", "WINDOWSTART", "WINDOWEND"]);
      expect(all.body.rows).toHaveLength(reference.size);
    });
  });

  describe("stream-table joins", () => {
    it("enriches each record with the table row as processed, across table updates", async () => {
      const users = uniqueTopic("users");
      const clicks = uniqueTopic("clicks");
      await api.createTopic(users, { partitions: 2, cleanupPolicy: "compact" });
      await api.createTopic(clicks, { partitions: 2 });
      const out = uniqueTopic("enriched");
      const created = await createQuery(
        `CREATE STREAM \`${out}\` AS SELECT c.page, u.tier FROM \`${clicks}\` c ` +
          `LEFT JOIN \`${users}\` u ON u.KEY = c.KEY`,
      );
      expect(created.status).toBe(201);
      const tiers = new Map<string, string>();
      const expected: Json[] = [];
      for (let round = 0; round < 4; round++) {
        const updates = [`u${round}`, `u${round + 1}`].map((user) => ({
          key: user,
          value: { tier: `t${round}` },
        }));
        await api.produce(users, updates);
        for (const update of updates) tiers.set(update.key, update.value.tier);
        const batch = Array.from({ length: 8 }, (_, i) => ({
          key: `u${(i + round) % 6}`,
          value: { page: `/p${i}` },
        }));
        await api.produce(clicks, batch);
        for (const click of batch)
          expected.push({ PAGE: click.value.page, TIER: tiers.get(click.key) ?? null });
        await describeQuery(created.body.id);
      }
      const outputs = (await partitionRecords(out, 2)).flat().map((r) => r.value as Json);
      const order = (v: Json) => JSON.stringify(v);
      expect(outputs.map(order).sort()).toEqual(expected.map(order).sort());
    });
  });

  describe("push queries", () => {
    it("streams filtered rows of records appended after it starts, as SSE row events", async () => {
      const topic = await seededTopic(8, 20, 2);
      const response = await api.raw("POST", "/v1/query", {
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({
          sql: `SELECT page, ms FROM \`${topic}\` WHERE ms > 100 EMIT CHANGES`,
        }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const reader = new SseReader(response);
      const records = randomBeacons(9, 60).map((r) => ({ key: r.key, value: r.value }));
      await api.produce(topic, records);
      const expected = records
        .map((r) => r.value as { page?: string; ms: Json })
        .filter((v) => typeof v.ms === "number" && v.ms > 100)
        .map((v) => JSON.stringify({ PAGE: v.page ?? null, MS: v.ms }));
      const rows: string[] = [];
      while (rows.length < expected.length) {
        const event = await reader.next();
        if (event === null) break;
        expect(event.event).toBe("row");
        rows.push(event.data);
      }
      await reader.close();
      expect(rows.sort()).toEqual(expected.sort());
    });

    it("streams a table's changes: each new row state of the table's output", async () => {
      const topic = await seededTopic(13, 5, 1);
      const out = uniqueTopic("per-key");
      const created = await createQuery(
        `CREATE TABLE \`${out}\` AS SELECT KEY AS k, COUNT(*) AS n FROM \`${topic}\` GROUP BY KEY`,
      );
      expect(created.status).toBe(201);
      const response = await api.raw("POST", "/v1/query", {
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ sql: `SELECT K, N FROM \`${out}\` WHERE N > 1 EMIT CHANGES` }),
      });
      const reader = new SseReader(response);
      // Appends wake the table's processor; its changes reach the push query.
      await api.produce(topic, [
        { key: "x", value: {} },
        { key: "x", value: {} },
        { key: "y", value: {} },
        { key: "x", value: {} },
      ]);
      // A table may coalesce the changes of one batch: x may pass through 2 or go straight to 3.
      const rows: { K: string; N: number }[] = [];
      while (rows.at(-1)?.N !== 3) {
        const event = await reader.next();
        if (event === null) break;
        rows.push(JSON.parse(event.data));
      }
      await reader.close();
      expect(rows.at(-1)).toEqual({ K: "x", N: 3 });
      expect(rows.every((row) => row.K === "x" && row.N > 1)).toBe(true);
    });

    it("refuses a push query without EMIT CHANGES, and a pull query with it", async () => {
      const topic = await seededTopic(10, 5, 1);
      const push = await api.raw("POST", "/v1/query", {
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ sql: `SELECT * FROM \`${topic}\`` }),
      });
      expect(push.status).toBe(400);
      expect(((await push.json()) as { error: { code: string } }).error.code).toBe("INVALID_QUERY");
      expectError(await pull(`SELECT * FROM \`${topic}\` EMIT CHANGES`), 400, "INVALID_QUERY");
    });
  });
}
