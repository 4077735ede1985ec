// The classic group protocol over HTTP (Kafka's JoinGroup/SyncGroup/Heartbeat/LeaveGroup and
// OffsetCommit, README "group protocol over HTTP"): what the Kafka gateway calls, usable by any
// client that does its own (client-side) assignment.
import { Hono } from "hono";
import {
  parseClassicCommit,
  parseClassicHeartbeat,
  parseClassicJoin,
  parseClassicLeave,
  parseClassicSync,
} from "../../../src/protocol/classic-group-request.js";
import { relayedClientHostOf } from "../../../src/protocol/client-host.js";
import { assertValidName } from "../../../src/protocol/names.js";
import {
  classicCommit,
  classicHeartbeat,
  classicJoin,
  classicLeave,
  classicSync,
} from "../../../src/service/classic-groups.js";
import { requireAccess } from "../auth.js";
import { readJsonBody } from "../body.js";
import { type AppContext, type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";

/** The group, which the caller must be allowed to consume as (as every group call needs). */
function consumingGroup(c: AppContext): string {
  const group = c.req.param("group");
  assertValidName("group", group);
  requireAccess(c, "group", group, "consume");
  return group;
}

const base = "/v1/groups/:group/classic";

export const classicGroupRoutes = new Hono<AppEnv>()
  .post(`${base}/join`, async (c) => {
    const group = consumingGroup(c);
    const request = parseClassicJoin(await readJsonBody(c.req.raw));
    const host = relayedClientHostOf((name) => c.req.header(name));
    return c.json(await classicJoin(c.var.cluster, group, request, host));
  })
  .all(`${base}/join`, methodNotAllowed)
  .post(`${base}/sync`, async (c) => {
    const group = consumingGroup(c);
    const request = parseClassicSync(await readJsonBody(c.req.raw));
    return c.json(await classicSync(c.var.cluster, group, request));
  })
  .all(`${base}/sync`, methodNotAllowed)
  .post(`${base}/heartbeat`, async (c) => {
    const group = consumingGroup(c);
    await classicHeartbeat(
      c.var.cluster,
      group,
      parseClassicHeartbeat(await readJsonBody(c.req.raw)),
    );
    return c.body(null, 204);
  })
  .all(`${base}/heartbeat`, methodNotAllowed)
  .post(`${base}/leave`, async (c) => {
    const group = consumingGroup(c);
    await classicLeave(c.var.cluster, group, parseClassicLeave(await readJsonBody(c.req.raw)));
    return c.body(null, 204);
  })
  .all(`${base}/leave`, methodNotAllowed)
  .post(`${base}/offsets`, async (c) => {
    const group = consumingGroup(c);
    const request = parseClassicCommit(await readJsonBody(c.req.raw));
    for (const topic of new Set(request.offsets.map((o) => o.topic))) {
      requireAccess(c, "topic", topic, "consume");
    }
    return c.json(await classicCommit(c.var.cluster, metadataCache, group, request));
  })
  .all(`${base}/offsets`, methodNotAllowed);
