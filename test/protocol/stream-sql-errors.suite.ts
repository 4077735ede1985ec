// Stream SQL errors over HTTP: every error path answers its code (INVALID_QUERY with line and
// column, TOPIC_NOT_FOUND, TOPIC_EXISTS, QUERY_NOT_FOUND, INVALID_REQUEST), fuzzed statements
// never answer 500 nor disturb existing state, and queries are listed and dropped.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { type Created, sqlApi } from "../support/sql-api.js";
import { fuzzStatements, INJECTIONS } from "../support/sql-fuzz.js";
import { randomBeacons } from "../support/sql-reference.js";

export function streamSqlErrorsSuite(api: Api): void {
  const { createQuery, describeQuery, pull, seededTopic } = sqlApi(api);

  describe("fuzzed statements", () => {
    it("never answer 500 nor disturb existing queries' state", async () => {
      await api.createTopic("beacons", { partitions: 1 });
      await api.produce(
        "beacons",
        randomBeacons(12, 50).map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp })),
      );
      const table = await createQuery(
        "CREATE TABLE t1 WITH (START = 'earliest') AS SELECT page, COUNT(*) AS n FROM beacons GROUP BY page",
      );
      expect(table.status).toBe(201);
      const before = await pull("SELECT * FROM t1");
      expect(before.body.rows.length).toBeGreaterThan(0);
      const statements = [...INJECTIONS, ...fuzzStatements(7, 60)];
      for (const sql of statements) {
        for (const path of ["/v1/queries", "/v1/query"]) {
          const answer = await api.request<{ error?: { code: string } }>("POST", path, { sql });
          expect({ sql, status: answer.status < 500 ? "< 500" : answer.status }).toEqual({
            sql,
            status: "< 500",
          });
        }
      }
      const after = await pull("SELECT * FROM t1");
      expect(after.body).toEqual(before.body);
      const described = await describeQuery(table.body.id);
      expect(described.body.partitions[0]?.recordsIn).toBe(50);
    });
  });

  describe("failed queries", () => {
    it("fails a query whose output record exceeds the record limit, naming why", async () => {
      const topic = uniqueTopic("big");
      await api.createTopic(topic);
      const out = uniqueTopic("bigger");
      const created = await createQuery(
        `CREATE STREAM \`${out}\` AS SELECT CONCAT(text, text, text) AS x FROM \`${topic}\``,
      );
      expect(created.status).toBe(201);
      await api.produce(topic, [{ value: { text: "small" } }]);
      await api.produce(topic, [{ value: { text: "y".repeat(400_000) } }]);
      // The append wakes the processor, which fails and tells the registry: the list answers
      // the real state without a describe running the processors first.
      const listed = await eventually("the list to show the query failed", async () => {
        const list = await api.request<{ queries: Created[] }>("GET", "/v1/queries");
        const state = list.body.queries.find((q) => q.id === created.body.id)?.state;
        return state === "failed" ? state : undefined;
      });
      expect(listed).toBe("failed");
      const described = await describeQuery(created.body.id);
      expect(described.body).toMatchObject({
        state: "failed",
        lastError: expect.stringContaining("RECORD_TOO_LARGE"),
      });
      // What came before the record that failed it was written.
      expect((await api.fetchAll(out, 0)).map((r) => r.value)).toEqual([{ X: "smallsmallsmall" }]);
    });
  });

  describe("query errors", () => {
    it("answers INVALID_QUERY with the line and column of the offending token", async () => {
      const topic = await seededTopic(1, 20, 1);
      const answer = await createQuery(
        `CREATE STREAM s_${Date.now()} AS\nSELECT paeg\nFROM \`${topic}\``,
      );
      const error = expectError(answer, 400, "INVALID_QUERY");
      expect(error.error.details).toEqual({ line: 2, column: 8 });
      expect(error.error.message).toContain("unknown column paeg, did you mean page?");
      const syntax = expectError(await pull("SELECT page FORM x"), 400, "INVALID_QUERY");
      expect(syntax.error.details).toEqual({ line: 1, column: 13 });
    });

    it("answers TOPIC_NOT_FOUND, TOPIC_EXISTS, QUERY_NOT_FOUND and INVALID_REQUEST", async () => {
      const topic = await seededTopic(2, 10, 1);
      expectError(
        await createQuery("CREATE STREAM s AS SELECT * FROM no_such_topic"),
        404,
        "TOPIC_NOT_FOUND",
      );
      expectError(await pull("SELECT * FROM no_such_table"), 404, "TOPIC_NOT_FOUND");
      expectError(
        await createQuery(`CREATE STREAM \`${topic}\` AS SELECT * FROM \`${topic}\``),
        409,
        "TOPIC_EXISTS",
      );
      expectError(await describeQuery("no-such-query"), 404, "QUERY_NOT_FOUND");
      expectError(await api.request("DELETE", "/v1/queries/no-such-query"), 404, "QUERY_NOT_FOUND");
      expectError(await api.request("POST", "/v1/queries", { sql: 1 }), 400, "INVALID_REQUEST");
      expectError(await pull(`SELECT * FROM \`${topic}\``), 400, "INVALID_QUERY");
    });

    it("lists and drops queries; a dropped query is gone, its output topic stays", async () => {
      const topic = await seededTopic(4, 10, 1);
      const out = uniqueTopic("drop");
      const created = await createQuery(`CREATE STREAM \`${out}\` AS SELECT * FROM \`${topic}\``);
      const list = await api.request<{ queries: Created[] }>("GET", "/v1/queries");
      expect(list.body.queries).toContainEqual(created.body);
      expect((await api.request("DELETE", `/v1/queries/${created.body.id}`)).status).toBe(204);
      expectError(await describeQuery(created.body.id), 404, "QUERY_NOT_FOUND");
      expect((await api.request("GET", `/v1/topics/${out}`)).status).toBe(200);
    });
  });
}
