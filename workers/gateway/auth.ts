// Authentication middleware and the guards routes call (DESIGN.md §4): with EDGELOG_ADMIN_TOKEN
// set every route but webhook and beacon ingestion (which have their own checks) needs a bearer
// token; without it, a development run serves open with a warning and a deployment refuses.
import type { MiddlewareHandler } from "hono";
import type { ResourceKind } from "../../src/auth/acl.js";
import {
  authorize,
  authorizeAdmin,
  authorizeAny,
  type Principal,
} from "../../src/auth/principal.js";
import { EdgelogError } from "../../src/protocol/errors.js";
import { ADMIN_TOKEN_CHARS_MIN } from "../../src/protocol/limits.js";
import type { Operation } from "../../src/protocol/token-request.js";
import type { QuotaKind } from "../../src/service/quotas.js";
import { configOf } from "../env.js";
import { type AppContext, type AppEnv, authenticator, quotaMeter } from "./context.js";

/** Routes that authenticate their own way: webhook signatures, beacons' publishable keys. */
function ownAuthentication(method: string, path: string): boolean {
  if (method === "POST" && path.startsWith("/v1/webhooks/")) return true;
  return path === "/v1/track.js" || path.startsWith("/v1/track/");
}

let warnedOpen = false;

/** Both fixes: whoever reads it may be deploying, or running wrangler dev by hand. */
const NO_ADMIN_TOKEN =
  "EDGELOG_ADMIN_TOKEN is not set and this is not a development run, so edgelog serves nothing. " +
  "In a deployment: `wrangler secret put EDGELOG_ADMIN_TOKEN` " +
  `(at least ${ADMIN_TOKEN_CHARS_MIN} characters). ` +
  "Locally: `npm start`, or put EDGELOG_DEV=1 (serve open) or EDGELOG_ADMIN_TOKEN=<token> in " +
  ".dev.vars (wrangler reads .dev.vars instead of the project's .env, which sets EDGELOG_DEV=1).";

export const authentication: MiddlewareHandler<AppEnv> = async (c, next) => {
  const config = configOf(c.env);
  if (config.adminToken === null) {
    if (!config.dev) throw new EdgelogError("NOT_CONFIGURED", NO_ADMIN_TOKEN);
    if (!warnedOpen) {
      warnedOpen = true;
      console.warn(
        "edgelog: EDGELOG_ADMIN_TOKEN is not set, so every route is open to anyone who can " +
          "reach this server. Set it in .dev.vars to try authentication locally.",
      );
    }
    c.set("principal", { kind: "open" });
  } else if (ownAuthentication(c.req.method, c.req.path)) {
    c.set("principal", null);
  } else {
    const header = c.req.header("authorization") ?? null;
    const catalog = c.var.cluster.catalog;
    c.set(
      "principal",
      await authenticator.authenticate(catalog, header, config.adminToken, Date.now()),
    );
  }
  await next();
};

/** The caller: UNAUTHORIZED on routes that authenticate their own way. */
export function callerOf(c: AppContext): Principal {
  const principal = c.var.principal;
  if (principal === null) throw new EdgelogError("UNAUTHORIZED", "a bearer token is required");
  return principal;
}

/** FORBIDDEN unless the caller may do `operation` to the topic or group `name`. */
export function requireAccess(
  c: AppContext,
  kind: ResourceKind,
  name: string,
  operation: Operation,
): Principal {
  const principal = callerOf(c);
  authorize(principal, kind, name, operation);
  return principal;
}

/** FORBIDDEN unless the caller may do `operation` to some topic or group. */
export function requireAnyAccess(c: AppContext, kind: ResourceKind, operation: Operation): void {
  authorizeAny(callerOf(c), kind, operation);
}

/** FORBIDDEN unless the caller holds the admin token (or auth is off). */
export function requireAdmin(c: AppContext): void {
  authorizeAdmin(callerOf(c));
}

/** RATE_LIMITED while the caller is over its `kind` byte-rate quota. */
export function checkQuota(c: AppContext, kind: QuotaKind): void {
  quotaMeter.check(callerOf(c), kind, Date.now());
}

/** Counts `bytes` against the caller's `kind` quota. */
export function chargeQuota(c: AppContext, kind: QuotaKind, bytes: number): void {
  quotaMeter.charge(callerOf(c), kind, bytes, Date.now());
}
