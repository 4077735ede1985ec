// Topic administration routes: create, list, describe, alter, delete (DESIGN.md §4).
import { Hono } from "hono";
import { may } from "../../../src/auth/principal.js";
import { integerParam } from "../../../src/protocol/integer-param.js";
import { HISTORY_MINUTES_DEFAULT, HISTORY_MINUTES_MAX } from "../../../src/protocol/limits.js";
import { parseAlterTopic, parseCreateTopic } from "../../../src/protocol/topic-request.js";
import { topicActivity } from "../../../src/service/activity.js";
import {
  alterTopic,
  createTopic,
  deleteTopic,
  describeTopic,
  listTopics,
} from "../../../src/service/topics.js";
import { callerOf, requireAccess } from "../auth.js";
import { readJsonBody } from "../body.js";
import { type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";
import { topicParam } from "../params.js";

export const topicRoutes = new Hono<AppEnv>()
  .post("/v1/topics", async (c) => {
    const request = parseCreateTopic(await readJsonBody(c.req.raw));
    requireAccess(c, "topic", request.name, "admin");
    return c.json(await createTopic(c.var.cluster, metadataCache, request), 201);
  })
  .get("/v1/topics", async (c) => {
    // Only the topics the caller may describe: others' names are not its business.
    const caller = callerOf(c);
    const topics = await listTopics(c.var.cluster);
    return c.json({ topics: topics.filter((t) => may(caller, "topic", t.name, "describe")) });
  })
  .all("/v1/topics", methodNotAllowed)
  .get("/v1/topics/:topic", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "describe");
    return c.json(await describeTopic(c.var.cluster, metadataCache, topic));
  })
  .patch("/v1/topics/:topic", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "admin");
    const request = parseAlterTopic(await readJsonBody(c.req.raw));
    return c.json(await alterTopic(c.var.cluster, metadataCache, topic, request));
  })
  .delete("/v1/topics/:topic", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "admin");
    await deleteTopic(c.var.cluster, metadataCache, topic);
    return c.body(null, 204);
  })
  .all("/v1/topics/:topic", methodNotAllowed)
  .get("/v1/topics/:topic/activity", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "describe");
    const minutes = integerParam(
      c.req.query(),
      "minutes",
      HISTORY_MINUTES_DEFAULT,
      1,
      HISTORY_MINUTES_MAX,
    );
    return c.json(await topicActivity(c.var.cluster, metadataCache, topic, minutes, Date.now()));
  })
  .all("/v1/topics/:topic/activity", methodNotAllowed);
