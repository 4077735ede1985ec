// GET /metrics: Prometheus text exposition 0.0.4 (design/observability.md). Open when auth is
// off; else the admin token or a token granted `describe` on `cluster`.
import { Hono } from "hono";
import { renderMetrics } from "../../../src/metrics/metrics-text.js";
import { PRODUCE_DURATION_BUCKETS_SECONDS } from "../../../src/protocol/limits.js";
import { assertValidName } from "../../../src/protocol/names.js";
import { scrape } from "../../../src/service/scrape.js";
import { requireAccess } from "../auth.js";
import type { AppEnv } from "../context.js";
import { methodNotAllowed } from "../errors.js";

export const PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

export const metricsRoutes = new Hono<AppEnv>()
  .get("/metrics", async (c) => {
    requireAccess(c, "cluster", "", "describe");
    const names = c.req.queries("topic") ?? [];
    for (const name of names) assertValidName("topic", name);
    const selected = names.length === 0 ? null : new Set(names);
    const snapshot = await scrape(c.var.cluster, selected);
    return c.body(renderMetrics(snapshot, PRODUCE_DURATION_BUCKETS_SECONDS), 200, {
      "content-type": PROMETHEUS_TEXT,
    });
  })
  .all("/metrics", methodNotAllowed);
