// Idempotent producers: `POST /v1/producers {name}` → `{id, epoch}` (DESIGN.md §4).
import { Hono } from "hono";
import { EdgelogError } from "../../../src/protocol/errors.js";
import { isPlainObject } from "../../../src/protocol/json-body.js";
import { isValidName } from "../../../src/protocol/names.js";
import { requireAnyAccess } from "../auth.js";
import { readJsonBody } from "../body.js";
import type { AppEnv } from "../context.js";
import { methodNotAllowed } from "../errors.js";

export const producerRoutes = new Hono<AppEnv>()
  .post("/v1/producers", async (c) => {
    // Producer ids are not tied to a topic: a token that may produce somewhere may have one.
    requireAnyAccess(c, "topic", "produce");
    const body = await readJsonBody(c.req.raw);
    const name = isPlainObject(body) ? body.name : undefined;
    if (
      !isPlainObject(body) ||
      Object.keys(body).length !== 1 ||
      typeof name !== "string" ||
      !isValidName(name)
    ) {
      throw new EdgelogError(
        "INVALID_REQUEST",
        "body must be {name} with name [A-Za-z0-9._-]{1,249}",
      );
    }
    const { id, epoch } = await c.var.cluster.catalog.initProducer(name);
    return c.json({ id, epoch });
  })
  .all("/v1/producers", methodNotAllowed);
