// The gateway's one error boundary: EdgelogError → its status and body; anything else → 500
// INTERNAL with the request id and no stack (the stack goes to the log).
import type { ErrorHandler, NotFoundHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { EdgelogError } from "../../src/protocol/errors.js";
import type { AppContext, AppEnv } from "./context.js";

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof EdgelogError) {
    const retryAfterMs = err.details?.retryAfterMs;
    if (err.code === "RATE_LIMITED" && typeof retryAfterMs === "number") {
      c.header("retry-after", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    return c.body(errorJson(err), err.status as ContentfulStatusCode, {
      "content-type": "application/json",
    });
  }
  const requestId = c.get("requestId");
  console.error(`request ${requestId} failed`, err);
  const body = new EdgelogError("INTERNAL", "internal error", { requestId }).toBody();
  return c.json({ error: body }, 500);
};

/** The error's JSON; details that cannot be serialised (a cycle, a huge depth) are dropped. */
function errorJson(err: EdgelogError): string {
  const body = err.toBody();
  try {
    return JSON.stringify({ error: body });
  } catch {
    const { details: _, ...bare } = body;
    return JSON.stringify({ error: bare });
  }
}

export const notFound: NotFoundHandler<AppEnv> = (c) => {
  const err = new EdgelogError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`);
  return c.json({ error: err.toBody() }, 404);
};

export function methodNotAllowed(c: AppContext): never {
  throw new EdgelogError("METHOD_NOT_ALLOWED", `${c.req.method} is not allowed on ${c.req.path}`);
}
