// The baseline: a worker forwarding to one SQLite-backed Durable Object that stores each request
// body as one row, unparsed. It is what edgelog costs with every feature taken away. `/hello`
// is the floor below it: one request through workerd, no Durable Object.
import { DurableObject } from "cloudflare:workers";

/** Rows one read may return; bounds the answer the way edgelog's maxRecords does. */
const READ_ROWS_MAX = 10_000;

export class BaselineLog extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  }

  /** One INSERT, no parsing, no validation: the least a durable append can do. */
  append(body) {
    return this.sql.exec("INSERT INTO log (body) VALUES (?) RETURNING id", body).one().id;
  }

  /** Rows with id ≥ fromId, oldest first. */
  read(fromId, limit) {
    const rows = this.sql
      .exec("SELECT id, body FROM log WHERE id >= ? ORDER BY id LIMIT ?", fromId, limit)
      .toArray();
    const nextId = rows.length === 0 ? fromId : rows[rows.length - 1].id + 1;
    return { bodies: rows.map((row) => row.body), nextId };
  }
}

export default {
  // `?log=` names the object, so each benchmark case writes its own log (its own "partition").
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/hello") {
      // Reads the body, as any produce must, and answers at once.
      await request.arrayBuffer();
      return new Response("hello");
    }
    const log = env.LOGS.getByName(url.searchParams.get("log") ?? "0");
    if (request.method === "POST" && url.pathname === "/append") {
      const id = await log.append(await request.text());
      return Response.json({ id });
    }
    if (request.method === "GET" && url.pathname === "/read") {
      const fromId = Number(url.searchParams.get("from") ?? "1");
      const limit = Math.min(Number(url.searchParams.get("limit") ?? "100"), READ_ROWS_MAX);
      const { bodies, nextId } = await log.read(fromId, limit);
      // One stored body per line: no re-encoding, so the read side is as cheap as the write.
      return new Response(bodies.join("\n"), { headers: { "x-next-id": String(nextId) } });
    }
    return new Response("not found", { status: 404 });
  },
};
