// Push subscription routes (design/delivery.md): PUT/GET/DELETE
// /v1/topics/:t/subscriptions/:name, the topic's list, pause and resume. Creating, changing,
// deleting, pausing and resuming need `admin` on the topic (as its webhook config does) and, with
// a dead-letter topic, `produce` on that one; reading needs `describe`.
import { Hono } from "hono";
import { assertValidName } from "../../../src/protocol/names.js";
import { parseSubscriptionConfig } from "../../../src/protocol/subscription-config.js";
import {
  deleteSubscription,
  describeSubscription,
  listSubscriptions,
  pauseSubscription,
  putSubscription,
  resumeSubscription,
} from "../../../src/service/subscriptions.js";
import { configOf } from "../../env.js";
import { requireAccess } from "../auth.js";
import { readJsonBody } from "../body.js";
import type { AppContext, AppEnv } from "../context.js";
import { methodNotAllowed } from "../errors.js";
import { topicParam } from "../params.js";

const ONE = "/v1/topics/:topic/subscriptions/:name";

function nameParam(c: AppContext): string {
  const name = c.req.param("name");
  assertValidName("subscription", name);
  return name;
}

export const subscriptionRoutes = new Hono<AppEnv>()
  .get("/v1/topics/:topic/subscriptions", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "describe");
    return c.json(await listSubscriptions(c.var.cluster, topic));
  })
  .all("/v1/topics/:topic/subscriptions", methodNotAllowed)
  .put(ONE, async (c) => {
    const topic = topicParam(c);
    const name = nameParam(c);
    requireAccess(c, "topic", topic, "admin");
    const config = parseSubscriptionConfig(await readJsonBody(c.req.raw), configOf(c.env).dev);
    if (config.deadLetterTopic !== null) {
      requireAccess(c, "topic", config.deadLetterTopic, "produce");
    }
    const { created, description } = await putSubscription(c.var.cluster, topic, name, config);
    return c.json(description, created ? 201 : 200);
  })
  .get(ONE, async (c) => {
    const topic = topicParam(c);
    const name = nameParam(c);
    requireAccess(c, "topic", topic, "describe");
    return c.json(await describeSubscription(c.var.cluster, topic, name));
  })
  .delete(ONE, async (c) => {
    const topic = topicParam(c);
    const name = nameParam(c);
    requireAccess(c, "topic", topic, "admin");
    await deleteSubscription(c.var.cluster, topic, name);
    return c.body(null, 204);
  })
  .all(ONE, methodNotAllowed)
  .post(`${ONE}/pause`, async (c) => {
    const topic = topicParam(c);
    const name = nameParam(c);
    requireAccess(c, "topic", topic, "admin");
    return c.json(await pauseSubscription(c.var.cluster, topic, name));
  })
  .all(`${ONE}/pause`, methodNotAllowed)
  .post(`${ONE}/resume`, async (c) => {
    const topic = topicParam(c);
    const name = nameParam(c);
    requireAccess(c, "topic", topic, "admin");
    return c.json(await resumeSubscription(c.var.cluster, topic, name));
  })
  .all(`${ONE}/resume`, methodNotAllowed);
