// Stream SQL routes (design/stream-sql.md): persistent queries (create, list, describe, drop),
// and POST /v1/query for pull queries (JSON) and push queries (SSE).
import { Hono } from "hono";
import { may } from "../../../src/auth/principal.js";
import { parseQueryRequest } from "../../../src/protocol/query-request.js";
import { pushQuery } from "../../../src/service/push-query.js";
import {
  createQuery,
  describeQuery,
  dropQuery,
  getQuery,
  listQueries,
} from "../../../src/service/queries.js";
import { parseSelect, pullQuery } from "../../../src/service/query-statements.js";
import { callerOf, requireAccess, requireAdmin } from "../auth.js";
import { readJsonBody } from "../body.js";
import { type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";

export const queryRoutes = new Hono<AppEnv>()
  .post("/v1/queries", async (c) => {
    // A query creates topics (its output, its repartition topic): an admin operation.
    requireAdmin(c);
    const { sql } = parseQueryRequest(await readJsonBody(c.req.raw));
    return c.json(await createQuery(c.var.cluster, metadataCache, sql), 201);
  })
  .get("/v1/queries", async (c) => {
    // Only the queries whose output the caller may describe, as GET /v1/topics lists topics.
    const caller = callerOf(c);
    const queries = await listQueries(c.var.cluster);
    return c.json({
      queries: queries.filter((q) => may(caller, "topic", q.outputTopic, "describe")),
    });
  })
  .all("/v1/queries", methodNotAllowed)
  .get("/v1/queries/:id", async (c) => {
    const query = await getQuery(c.var.cluster, c.req.param("id"));
    requireAccess(c, "topic", query.outputTopic, "describe");
    return c.json(await describeQuery(c.var.cluster, query.id));
  })
  .delete("/v1/queries/:id", async (c) => {
    requireAdmin(c);
    await dropQuery(c.var.cluster, c.req.param("id"));
    return c.body(null, 204);
  })
  .all("/v1/queries/:id", methodNotAllowed)
  .post("/v1/query", async (c) => {
    // Authenticated before the statement is read: a stranger learns nothing of the dialect.
    callerOf(c);
    const { sql } = parseQueryRequest(await readJsonBody(c.req.raw));
    const select = parseSelect(sql);
    requireAccess(c, "topic", select.from.name, "consume");
    if ((c.req.header("accept") ?? "").includes("text/event-stream")) {
      const stream = await pushQuery(c.var.cluster, metadataCache, select);
      return new Response(stream, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }
    return c.json(await pullQuery(c.var.cluster, metadataCache, select));
  })
  .all("/v1/query", methodNotAllowed);
