// The SDK's `edgelog.queries`: create, list, describe and drop persistent queries; pull queries;
// push queries as an async iterator; errors as EdgelogClientError with the server's code.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Edgelog, EdgelogClientError } from "../../src/client/index.js";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";

const edgelog = new Edgelog({
  url: "http://edgelog.test",
  fetch: (request) => exports.default.fetch(request),
  retry: { retries: 0 },
});

describe("edgelog.queries", () => {
  it("creates a table query, describes and lists it, pulls its rows and drops it", async () => {
    const topic = uniqueTopic("views");
    await api.createTopic(topic, { partitions: 2 });
    const out = uniqueTopic("per-user");
    const created = await edgelog.queries.create(
      `CREATE TABLE \`${out}\` AS SELECT KEY AS user, COUNT(*) AS n FROM \`${topic}\` GROUP BY KEY`,
    );
    expect(created).toMatchObject({ name: out, kind: "table", outputTopic: out, state: "running" });
    await api.produce(topic, [
      { key: "ann", value: { page: "/a" } },
      { key: "bob", value: { page: "/b" } },
      { key: "ann", value: { page: "/c" } },
    ]);
    const pulled = await edgelog.queries.pull(`SELECT USER, N FROM \`${out}\` WHERE KEY = 'ann'`);
    expect(pulled).toEqual({ columns: ["USER", "N"], rows: [["ann", 2]] });
    const described = await edgelog.queries.describe(created.id);
    expect(described.partitions.reduce((n, p) => n + p.recordsIn, 0)).toBe(3);
    expect(await edgelog.queries.list()).toContainEqual(created);
    await edgelog.queries.drop(created.id);
    const gone = await edgelog.queries.describe(created.id).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(EdgelogClientError);
    expect((gone as EdgelogClientError).code).toBe("QUERY_NOT_FOUND");
  });

  it("streams a push query's rows until the loop breaks", async () => {
    const topic = uniqueTopic("events");
    await api.createTopic(topic);
    const rows = edgelog.queries.push(`SELECT UPPER(kind) AS kind FROM \`${topic}\` EMIT CHANGES`);
    const first = rows.next();
    // The query starts at the input's end, once its request arrives: produce until it sees one.
    let settled = false;
    void first.then(() => {
      settled = true;
    });
    for (let i = 0; i < 100 && !settled; i++) {
      await api.produce(topic, [{ value: { kind: "click" } }]);
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 20))]);
    }
    expect((await first).value).toEqual({ KIND: "CLICK" });
    await api.produce(topic, [{ value: { kind: "view" } }]);
    let next = await rows.next();
    while (next.value?.KIND === "CLICK") next = await rows.next();
    expect(next.value).toEqual({ KIND: "VIEW" });
    await rows.return(undefined);
  });

  it("throws INVALID_QUERY with the position of the error", async () => {
    const error = await edgelog.queries.pull("SELECT FROM x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdgelogClientError);
    expect((error as EdgelogClientError).code).toBe("INVALID_QUERY");
    expect((error as EdgelogClientError).details).toEqual({ line: 1, column: 8 });
  });
});
