// Request metrics to Workers Analytics Engine when the EDGELOG_ANALYTICS binding is configured
// (metrics/request-point.ts has the layout); without it this middleware does nothing. A write
// never fails a request: writeDataPoint is fire-and-forget on the platform.
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { requestDataPoint } from "../../src/metrics/request-point.js";
import type { AppEnv } from "./context.js";

export const requestAnalytics: MiddlewareHandler<AppEnv> = async (c, next) => {
  const dataset = c.env.EDGELOG_ANALYTICS;
  if (dataset === undefined) return next();
  const startedAt = Date.now();
  await next();
  // After next(), the route index is the handler that answered: its pattern and parameters.
  const route = routePath(c) || "(no route)";
  dataset.writeDataPoint(
    requestDataPoint({
      method: c.req.method,
      route,
      status: c.res.status,
      durationMs: Date.now() - startedAt,
      topic: c.req.param("topic") ?? null,
    }),
  );
};
