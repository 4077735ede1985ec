// Consumer-group routes (DESIGN.md §4): membership, heartbeats, commits, offsets and lag.
import { Hono } from "hono";
import { may } from "../../../src/auth/principal.js";
import { clientHostOf } from "../../../src/protocol/client-host.js";
import { EdgelogError } from "../../../src/protocol/errors.js";
import {
  parseCommit,
  parseHeartbeat,
  parseJoin,
  parseReset,
} from "../../../src/protocol/group-request.js";
import { integerParam } from "../../../src/protocol/integer-param.js";
import { HISTORY_MINUTES_DEFAULT, HISTORY_MINUTES_MAX } from "../../../src/protocol/limits.js";
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
import { lagHistory } from "../../../src/service/lag-history.js";
import { callerOf, requireAccess } from "../auth.js";
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

/** The group is the caller's to consume from, and so is every topic named. */
function requireConsume(c: AppContext, group: string, topics: readonly string[]): void {
  requireAccess(c, "group", group, "consume");
  for (const topic of new Set(topics)) requireAccess(c, "topic", topic, "consume");
}

export const groupRoutes = new Hono<AppEnv>()
  .get("/v1/groups", async (c) => {
    // Only the groups the caller may describe: others' names are not its business.
    const caller = callerOf(c);
    return c.json(await listGroups(c.var.cluster, (g) => may(caller, "group", g, "describe")));
  })
  .all("/v1/groups", methodNotAllowed)
  .get("/v1/groups/:group", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "describe");
    return c.json(await describeGroup(c.var.cluster, metadataCache, group));
  })
  .delete("/v1/groups/:group", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "admin");
    await deleteGroup(c.var.cluster, group);
    return c.body(null, 204);
  })
  .all("/v1/groups/:group", methodNotAllowed)
  .post("/v1/groups/:group/members", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "consume");
    const request = parseJoin(await readJsonBody(c.req.raw));
    requireConsume(c, group, request.topics);
    const host = clientHostOf((name) => c.req.header(name));
    return c.json(await joinGroup(c.var.cluster, group, request, host), 201);
  })
  .all("/v1/groups/:group/members", methodNotAllowed)
  .post("/v1/groups/:group/members/:member/heartbeat", async (c) => {
    const group = groupParam(c);
    const member = memberParam(c);
    requireAccess(c, "group", group, "consume");
    const input = parseHeartbeat(await readJsonBody(c.req.raw));
    requireConsume(c, group, input.topics ?? []);
    return c.json(await heartbeat(c.var.cluster, group, member, input));
  })
  .all("/v1/groups/:group/members/:member/heartbeat", methodNotAllowed)
  .delete("/v1/groups/:group/members/:member", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "consume");
    await leaveGroup(c.var.cluster, group, memberParam(c));
    return c.body(null, 204);
  })
  .all("/v1/groups/:group/members/:member", methodNotAllowed)
  .post("/v1/groups/:group/offsets", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "consume");
    const request = parseCommit(await readJsonBody(c.req.raw));
    requireConsume(
      c,
      group,
      request.offsets.map((o) => o.topic),
    );
    return c.json(await commitOffsets(c.var.cluster, metadataCache, group, request));
  })
  .get("/v1/groups/:group/offsets", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "describe");
    return c.json(await groupOffsets(c.var.cluster, metadataCache, group));
  })
  .all("/v1/groups/:group/offsets", methodNotAllowed)
  .post("/v1/groups/:group/offsets/reset", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "consume");
    const request = parseReset(await readJsonBody(c.req.raw));
    requireConsume(c, group, [request.topic]);
    return c.json(await resetOffsets(c.var.cluster, metadataCache, group, request));
  })
  .all("/v1/groups/:group/offsets/reset", methodNotAllowed)
  .get("/v1/groups/:group/lag-history", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "describe");
    const query = c.req.query();
    const topic = query.topic ?? null;
    if (topic !== null) assertValidName("topic", topic);
    const minutes = integerParam(query, "minutes", HISTORY_MINUTES_DEFAULT, 1, HISTORY_MINUTES_MAX);
    return c.json(await lagHistory(c.var.cluster, group, topic, minutes, Date.now()));
  })
  .all("/v1/groups/:group/lag-history", methodNotAllowed);
