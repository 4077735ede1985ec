// Consumer-group routes (DESIGN.md §4): membership, heartbeats, commits, offsets and lag.
import { Hono } from "hono";
import { EdgelogError } from "../../../src/protocol/errors.js";
import {
  parseCommit,
  parseHeartbeat,
  parseJoin,
  parseReset,
} from "../../../src/protocol/group-request.js";
import { assertValidName } from "../../../src/protocol/names.js";
import {
  commitOffsets,
  deleteGroup,
  describeGroup,
  groupOffsets,
  heartbeat,
  joinGroup,
  leaveGroup,
  listGroups,
  resetOffsets,
} from "../../../src/service/groups.js";
import { readJsonBody } from "../body.js";
import { type AppContext, type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";

function groupParam(c: AppContext): string {
  const group = c.req.param("group");
  assertValidName("group", group);
  return group;
}

/** Member ids are ours (UUIDs); anything unlike one cannot be a member. */
function memberParam(c: AppContext): string {
  const member = c.req.param("member") ?? "";
  if (!/^[A-Za-z0-9-]{1,64}$/.test(member)) {
    throw new EdgelogError("UNKNOWN_MEMBER", "no such member in this group");
  }
  return member;
}

export const groupRoutes = new Hono<AppEnv>()
  .get("/v1/groups", async (c) => c.json(await listGroups(c.var.cluster)))
  .all("/v1/groups", methodNotAllowed)
  .get("/v1/groups/:group", async (c) =>
    c.json(await describeGroup(c.var.cluster, metadataCache, groupParam(c))),
  )
  .delete("/v1/groups/:group", async (c) => {
    await deleteGroup(c.var.cluster, groupParam(c));
    return c.body(null, 204);
  })
  .all("/v1/groups/:group", methodNotAllowed)
  .post("/v1/groups/:group/members", async (c) => {
    const group = groupParam(c);
    const request = parseJoin(await readJsonBody(c.req.raw));
    return c.json(await joinGroup(c.var.cluster, group, request), 201);
  })
  .all("/v1/groups/:group/members", methodNotAllowed)
  .post("/v1/groups/:group/members/:member/heartbeat", async (c) => {
    const group = groupParam(c);
    const member = memberParam(c);
    const input = parseHeartbeat(await readJsonBody(c.req.raw));
    return c.json(await heartbeat(c.var.cluster, group, member, input));
  })
  .all("/v1/groups/:group/members/:member/heartbeat", methodNotAllowed)
  .delete("/v1/groups/:group/members/:member", async (c) => {
    await leaveGroup(c.var.cluster, groupParam(c), memberParam(c));
    return c.body(null, 204);
  })
  .all("/v1/groups/:group/members/:member", methodNotAllowed)
  .post("/v1/groups/:group/offsets", async (c) => {
    const group = groupParam(c);
    const request = parseCommit(await readJsonBody(c.req.raw));
    return c.json(await commitOffsets(c.var.cluster, metadataCache, group, request));
  })
  .get("/v1/groups/:group/offsets", async (c) =>
    c.json(await groupOffsets(c.var.cluster, metadataCache, groupParam(c))),
  )
  .all("/v1/groups/:group/offsets", methodNotAllowed)
  .post("/v1/groups/:group/offsets/reset", async (c) => {
    const group = groupParam(c);
    const request = parseReset(await readJsonBody(c.req.raw));
    return c.json(await resetOffsets(c.var.cluster, metadataCache, group, request));
  })
  .all("/v1/groups/:group/offsets/reset", methodNotAllowed);
