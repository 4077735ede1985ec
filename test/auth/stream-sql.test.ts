// Stream SQL with auth on: creating and dropping queries needs the admin token (they create
// topics), listing and describing one `describe` on its output topic, and a pull or push query `consume`
// on the table or topic it reads; without a token every route is UNAUTHORIZED.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../support/auth.js";
import { expectError } from "../support/expect.js";
import { api } from "../support/workerd-api.js";

const admin = withToken(api, ADMIN_TOKEN);

describe("stream SQL with auth", () => {
  it("needs admin to create and drop, describe on the output to see, consume to query", async () => {
    const topic = uniqueTopic("auth-sql");
    await admin.createTopic(topic);
    await admin.produce(topic, [{ key: "a", value: { page: "/x" } }]);
    const out = `${topic}-counts`;
    const sql = `CREATE TABLE \`${out}\` WITH (START = 'earliest') AS SELECT KEY AS k, COUNT(*) AS n FROM \`${topic}\` GROUP BY KEY`;
    const reader = withToken(
      api,
      (await createToken(admin, [{ resource: `topic:${out}`, operations: ["consume"] }])).token,
    );
    const other = withToken(
      api,
      (await createToken(admin, [{ resource: "topic:elsewhere", operations: ["consume"] }])).token,
    );
    const anonymous = withToken(api, null);

    expectError(await reader.request("POST", "/v1/queries", { sql }), 403, "FORBIDDEN");
    expectError(await anonymous.request("POST", "/v1/queries", { sql }), 401, "UNAUTHORIZED");
    const created = await admin.request<{ id: string }>("POST", "/v1/queries", { sql });
    expect(created.status).toBe(201);

    const pull = { sql: `SELECT K, N FROM \`${out}\`` };
    expect((await reader.request("POST", "/v1/query", pull)).body).toEqual({
      columns: ["K", "N"],
      rows: [["a", 1]],
    });
    expectError(await other.request("POST", "/v1/query", pull), 403, "FORBIDDEN");
    expectError(
      await anonymous.request("POST", "/v1/query", { sql: "SELECT FROM" }),
      401,
      "UNAUTHORIZED",
    );

    const listed = (token: typeof reader) =>
      token.request<{ queries: { id: string }[] }>("GET", "/v1/queries");
    expect((await listed(reader)).body.queries.map((q) => q.id)).toContain(created.body.id);
    expect((await listed(other)).body.queries.map((q) => q.id)).not.toContain(created.body.id);
    expectError(await other.request("GET", `/v1/queries/${created.body.id}`), 403, "FORBIDDEN");
    expect((await reader.request("GET", `/v1/queries/${created.body.id}`)).status).toBe(200);
    expectError(await anonymous.request("GET", "/v1/queries"), 401, "UNAUTHORIZED");
    expectError(await reader.request("DELETE", `/v1/queries/${created.body.id}`), 403, "FORBIDDEN");
    expect((await admin.request("DELETE", `/v1/queries/${created.body.id}`)).status).toBe(204);
  });
});
