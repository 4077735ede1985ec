// Webhook ingestion: verify the sender's signature, turn the delivery into a record, append it
// once however often it is redelivered, and answer once it is durably appended.
import { EdgelogError, unwrap } from "../protocol/errors.js";
import {
  WEBHOOK_DEDUPE_WINDOW_SEC_DEFAULT,
  WEBHOOK_DELIVERY_ID_CHARS_MAX,
} from "../protocol/limits.js";
import { publicWebhookConfig, type WebhookConfig } from "../protocol/webhook-config.js";
import { checkSignature } from "../webhooks/signatures.js";
import { deliveryId, webhookRecord } from "../webhooks/webhook-record.js";
import type { Cluster } from "./cluster.js";
import type { MetadataCache } from "./metadata-cache.js";
import { produce } from "./produce.js";
import { TopicSettingCache } from "./topic-setting-cache.js";

export interface WebhookDelivery {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  header(name: string): string | null;
}

export interface WebhookAnswer {
  partition: number;
  offset: number;
  duplicate?: true;
}

/** Webhook configs cached per isolate, like topic metadata. */
const configs = new TopicSettingCache<WebhookConfig | null>();

function webhookConfig(cluster: Cluster, topic: string): Promise<WebhookConfig | null> {
  return configs.get(topic, async () => unwrap(await cluster.catalog.getWebhook(topic)).config);
}

export async function setWebhook(cluster: Cluster, topic: string, config: WebhookConfig) {
  unwrap(await cluster.catalog.setWebhook(topic, config));
  configs.put(topic, config);
  return { topic, ...publicWebhookConfig(config) };
}

/**
 * The topic's webhook config as PUT answered it (no secrets), read from the catalog itself, not
 * this isolate's cache. TOPIC_NOT_FOUND for no topic; NOT_FOUND for a topic without a config.
 */
export async function readWebhook(cluster: Cluster, topic: string) {
  const { config } = unwrap(await cluster.catalog.getWebhook(topic));
  configs.put(topic, config);
  if (config === null) {
    throw new EdgelogError(
      "NOT_FOUND",
      `topic ${topic} has no webhook config: set one with PUT /v1/topics/${topic}/webhook`,
    );
  }
  return { topic, ...publicWebhookConfig(config) };
}

export async function ingestWebhook(
  cluster: Cluster,
  cache: MetadataCache,
  topic: string,
  delivery: WebhookDelivery,
  requireConfig = false,
): Promise<WebhookAnswer> {
  const config = await webhookConfig(cluster, topic);
  // With auth on, a topic takes webhooks only once it has a webhook config: the config is the
  // topic owner's consent, since this route takes no bearer token.
  if (config === null && requireConfig) {
    throw new EdgelogError(
      "FORBIDDEN",
      "this topic takes no webhooks: set one with PUT /v1/topics/:t/webhook",
    );
  }
  if (config?.verify) {
    const nowSec = Math.floor(Date.now() / 1000);
    const reason = await checkSignature(config.verify, delivery.header, delivery.body, nowSec);
    if (reason !== null) throw new EdgelogError("UNAUTHORIZED", `webhook signature: ${reason}`);
  }
  const { record, json } = webhookRecord(
    delivery.body,
    delivery.contentType,
    delivery.header,
    config,
  );
  const id = deliveryId(config?.verify?.type ?? null, delivery.header, json);
  if (id !== null && id.length > WEBHOOK_DELIVERY_ID_CHARS_MAX) {
    throw new EdgelogError(
      "INVALID_REQUEST",
      `delivery ids are at most ${WEBHOOK_DELIVERY_ID_CHARS_MAX} characters`,
    );
  }
  const inbox = cluster.inbox(topic);
  const windowSec = config?.dedupeWindowSec ?? WEBHOOK_DEDUPE_WINDOW_SEC_DEFAULT;
  if (id !== null && windowSec > 0) {
    const claim = await inbox.claim(id, windowSec);
    if (claim.status === "done")
      return { partition: claim.partition, offset: claim.offset, duplicate: true };
    if (claim.status === "pending") {
      throw new EdgelogError("UNAVAILABLE", "this delivery is being appended; retry shortly");
    }
  }
  try {
    const outcome = await produce(cluster, cache, topic, { records: [record], acks: "all" });
    const answer = JSON.parse(outcome.json ?? "{}") as { offsets: Array<Record<string, unknown>> };
    const entry = answer.offsets[0] as { partition: number; offset?: number; error?: unknown };
    if (entry.offset === undefined)
      throw new EdgelogError("UNAVAILABLE", "the delivery was not appended");
    if (id !== null) await inbox.complete(id, entry.partition, entry.offset);
    return { partition: entry.partition, offset: entry.offset };
  } catch (err) {
    if (id !== null) await inbox.release(id).catch(() => undefined);
    throw err;
  }
}
