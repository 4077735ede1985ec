// Admin routes: fault injection, served only when EDGELOG_FAULTS is "1" (404 otherwise).
import { Hono } from "hono";
import { EdgelogError } from "../../../src/protocol/errors.js";
import { parseFaultRequest } from "../../../src/protocol/fault-request.js";
import { injectFault } from "../../../src/service/faults.js";
import { configOf } from "../../env.js";
import { requireAdmin } from "../auth.js";
import { readJsonBody } from "../body.js";
import { type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";

export const adminRoutes = new Hono<AppEnv>()
  .use("/v1/admin/faults", async (c, next) => {
    if (!configOf(c.env).faultsEnabled) {
      throw new EdgelogError("NOT_FOUND", "fault injection is off (set EDGELOG_FAULTS=1)");
    }
    await next();
  })
  .post("/v1/admin/faults", async (c) => {
    requireAdmin(c);
    const request = parseFaultRequest(await readJsonBody(c.req.raw));
    return c.json(await injectFault(c.var.cluster, metadataCache, request));
  })
  .all("/v1/admin/faults", methodNotAllowed);
