// Share-group routes (design/delivery.md): config, description, leasing records and acking them.
// Access as for consumer groups: consuming needs `consume` on the group and on its topics.
import { Hono } from "hono";
import { may } from "../../../src/auth/principal.js";
import { assertValidName } from "../../../src/protocol/names.js";
import {
  parseShareAcks,
  parseShareGroupConfig,
  parseShareRecordsRequest,
} from "../../../src/protocol/share-group-request.js";
import {
  ackRecords,
  deleteShareGroup,
  describeShareGroup,
  leaseRecords,
  listShareGroups,
  putShareGroup,
  shareGroupConfig,
} from "../../../src/service/share-groups.js";
import { callerOf, requireAccess } from "../auth.js";
import { readJsonBody } from "../body.js";
import type { AppContext, AppEnv } from "../context.js";
import { methodNotAllowed } from "../errors.js";

function groupParam(c: AppContext): string {
  const group = c.req.param("group");
  assertValidName("group", group);
  return group;
}

/** The group is the caller's to consume from, and so is every topic it reads. */
async function requireConsume(c: AppContext, group: string): Promise<void> {
  requireAccess(c, "group", group, "consume");
  if (callerOf(c).kind !== "token") return;
  const config = await shareGroupConfig(c.var.cluster, group);
  for (const topic of config.topics) requireAccess(c, "topic", topic, "consume");
}

export const shareGroupRoutes = new Hono<AppEnv>()
  .get("/v1/share-groups", async (c) => {
    const caller = callerOf(c);
    return c.json(await listShareGroups(c.var.cluster, (g) => may(caller, "group", g, "describe")));
  })
  .all("/v1/share-groups", methodNotAllowed)
  .put("/v1/share-groups/:group", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "admin");
    const config = parseShareGroupConfig(await readJsonBody(c.req.raw));
    for (const topic of config.topics) requireAccess(c, "topic", topic, "consume");
    // The group writes its dead letters there: only for a caller who may write there too.
    if (config.deadLetterTopic !== undefined) {
      requireAccess(c, "topic", config.deadLetterTopic, "produce");
    }
    const answer = await putShareGroup(c.var.cluster, group, config);
    return c.json(answer.config, answer.status);
  })
  .get("/v1/share-groups/:group", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "describe");
    return c.json(await describeShareGroup(c.var.cluster, group));
  })
  .delete("/v1/share-groups/:group", async (c) => {
    const group = groupParam(c);
    requireAccess(c, "group", group, "admin");
    await deleteShareGroup(c.var.cluster, group);
    return c.body(null, 204);
  })
  .all("/v1/share-groups/:group", methodNotAllowed)
  .post("/v1/share-groups/:group/records", async (c) => {
    const group = groupParam(c);
    const body = c.req.raw.body === null ? {} : await readJsonBody(c.req.raw);
    const request = parseShareRecordsRequest(body);
    await requireConsume(c, group);
    return c.json(await leaseRecords(c.var.cluster, group, request));
  })
  .all("/v1/share-groups/:group/records", methodNotAllowed)
  .post("/v1/share-groups/:group/acks", async (c) => {
    const group = groupParam(c);
    const acks = parseShareAcks(await readJsonBody(c.req.raw));
    requireAccess(c, "group", group, "consume");
    for (const topic of new Set(acks.map((a) => a.topic))) {
      requireAccess(c, "topic", topic, "consume");
    }
    return c.json(await ackRecords(c.var.cluster, group, acks));
  })
  .all("/v1/share-groups/:group/acks", methodNotAllowed);
