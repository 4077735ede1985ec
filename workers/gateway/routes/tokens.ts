// Access-token routes (DESIGN.md §4), for the admin token only: create, list, revoke.
import { Hono } from "hono";
import { EdgelogError } from "../../../src/protocol/errors.js";
import { parseCreateToken } from "../../../src/protocol/token-request.js";
import { createToken, listTokens, revokeToken } from "../../../src/service/tokens.js";
import { requireAdmin } from "../auth.js";
import { readJsonBody } from "../body.js";
import { type AppEnv, authenticator } from "../context.js";
import { methodNotAllowed } from "../errors.js";

export const tokenRoutes = new Hono<AppEnv>()
  .post("/v1/tokens", async (c) => {
    requireAdmin(c);
    const request = parseCreateToken(await readJsonBody(c.req.raw));
    return c.json(await createToken(c.var.cluster, request), 201);
  })
  .get("/v1/tokens", async (c) => {
    requireAdmin(c);
    return c.json({ tokens: await listTokens(c.var.cluster) });
  })
  .all("/v1/tokens", methodNotAllowed)
  .delete("/v1/tokens/:id", async (c) => {
    requireAdmin(c);
    const id = c.req.param("id");
    if (!/^[A-Za-z0-9_-]{12}$/.test(id)) throw new EdgelogError("TOKEN_NOT_FOUND", "no such token");
    await revokeToken(c.var.cluster, id);
    authenticator.forget(id);
    return c.body(null, 204);
  })
  .all("/v1/tokens/:id", methodNotAllowed);
