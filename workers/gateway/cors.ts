// Cross-origin API calls from browser apps using the SDK: pages on the origins listed in
// EDGELOG_CORS_ORIGINS may send bearer tokens and read answers (errors included). Tokens travel
// in the Authorization header, never in cookies, so no credentials mode is needed. Beacon routes
// (/v1/track) keep their own per-topic CORS; requests without an Origin header pass untouched.
//
// A development run without auth and without EDGELOG_CORS_ORIGINS lets pages on loopback origins
// (localhost, 127.0.0.1, [::1], any port) read answers, so a local app or the README's
// EventSource example works as written. Not "*": an open local log must not be readable by
// every website the developer visits (Vite narrowed its dev-server default the same way after
// CVE-2025-24010). A deployment, or a run with auth, allows only what is listed.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { CORS_PREFLIGHT_CACHE_SEC } from "../../src/protocol/limits.js";
import { type Config, configOf } from "../env.js";
import type { AppEnv } from "./context.js";

/** Scheme, a loopback host, any port: what a local dev server's page is served from. */
const LOOPBACK_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;

type OriginRule = (origin: string) => boolean;

const byConfig = new WeakMap<Config, MiddlewareHandler<AppEnv> | null>();

/** Which page origins may read answers; null: none (no CORS headers at all). */
function originRule(config: Config): OriginRule | null {
  const origins = config.corsOrigins;
  if (origins.includes("*")) return () => true;
  if (origins.length > 0) return (origin) => origins.includes(origin);
  if (config.dev && config.adminToken === null) return (origin) => LOOPBACK_ORIGIN.test(origin);
  return null;
}

function corsFor(config: Config): MiddlewareHandler<AppEnv> | null {
  let middleware = byConfig.get(config);
  if (middleware === undefined) {
    const allowed = originRule(config);
    middleware =
      allowed === null
        ? null
        : cors({
            origin: (origin) => (allowed(origin) ? origin : null),
            allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
            allowHeaders: ["authorization", "content-type", "last-event-id", "x-request-id"],
            // Clients back off by Retry-After (RATE_LIMITED) and quote the request id in reports.
            exposeHeaders: ["retry-after", "x-request-id"],
            maxAge: CORS_PREFLIGHT_CACHE_SEC,
          });
    byConfig.set(config, middleware);
  }
  return middleware;
}

export const apiCors: MiddlewareHandler<AppEnv> = (c, next) => {
  if (c.req.header("origin") === undefined || c.req.path.startsWith("/v1/track")) return next();
  const middleware = corsFor(configOf(c.env));
  return middleware === null ? next() : middleware(c, next);
};
