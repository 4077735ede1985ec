// Webhook routes: ingestion (POST /v1/webhooks/:t) and per-topic config (PUT and GET
// /v1/topics/:t/webhook; reading it back needs what setting it needs, and shows no secret).
import { Hono } from "hono";
import { parseWebhookConfig } from "../../../src/protocol/webhook-config.js";
import { ingestWebhook, readWebhook, setWebhook } from "../../../src/service/webhooks.js";
import { configOf } from "../../env.js";
import { requireAccess } from "../auth.js";
import { readBodyBytes, readJsonBody } from "../body.js";
import { type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";
import { topicParam } from "../params.js";

export const webhookRoutes = new Hono<AppEnv>()
  .post("/v1/webhooks/:topic", async (c) => {
    const topic = topicParam(c);
    const body = await readBodyBytes(c.req.raw);
    const headers = c.req.raw.headers;
    const delivery = {
      body,
      contentType: headers.get("content-type") ?? "application/octet-stream",
      header: (name: string) => headers.get(name),
    };
    const authOn = configOf(c.env).adminToken !== null;
    const answer = await ingestWebhook(c.var.cluster, metadataCache, topic, delivery, authOn);
    return c.json(answer);
  })
  .all("/v1/webhooks/:topic", methodNotAllowed)
  .put("/v1/topics/:topic/webhook", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "admin");
    const config = parseWebhookConfig(await readJsonBody(c.req.raw));
    return c.json(await setWebhook(c.var.cluster, topic, config));
  })
  .get("/v1/topics/:topic/webhook", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "admin");
    return c.json(await readWebhook(c.var.cluster, topic));
  })
  .all("/v1/topics/:topic/webhook", methodNotAllowed);
