// Cross-origin API calls from browser apps using the SDK: pages on the origins listed in
// EDGELOG_CORS_ORIGINS may send bearer tokens and read answers (errors included). Tokens travel
// in the Authorization header, never in cookies, so no credentials mode is needed. Beacon routes
// (/v1/track) keep their own per-topic CORS; requests without an Origin header pass untouched.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { configOf } from "../env.js";
import type { AppEnv } from "./context.js";

const PREFLIGHT_CACHE_S = 86_400;

const byOrigins = new WeakMap<readonly string[], MiddlewareHandler<AppEnv>>();

function corsFor(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  let middleware = byOrigins.get(origins);
  if (middleware === undefined) {
    const everyOrigin = origins.includes("*");
    middleware = cors({
      origin: (origin) => (everyOrigin || origins.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["authorization", "content-type", "last-event-id", "x-request-id"],
      // Clients back off by Retry-After (RATE_LIMITED) and quote the request id in reports.
      exposeHeaders: ["retry-after", "x-request-id"],
      maxAge: PREFLIGHT_CACHE_S,
    });
    byOrigins.set(origins, middleware);
  }
  return middleware;
}

export const apiCors: MiddlewareHandler<AppEnv> = (c, next) => {
  const origins = configOf(c.env).corsOrigins;
  if (origins.length === 0 || c.req.header("origin") === undefined) return next();
  if (c.req.path.startsWith("/v1/track")) return next();
  return corsFor(origins)(c, next);
};
