// Webhook ingestion: GitHub, Stripe and generic HMAC signatures; a bad, missing or stale
// signature is 401 with nothing appended; a redelivered delivery id is appended once.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";

const encoder = new TextEncoder();

async function hmacHex(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(data)));
  return [...signature].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function topicWithWebhook(api: Api, config: Record<string, unknown>) {
  const topic = uniqueTopic();
  await api.createTopic(topic);
  const set = await api.request<Record<string, unknown>>(
    "PUT",
    `/v1/topics/${topic}/webhook`,
    config,
  );
  expect(set.status).toBe(200);
  expect(JSON.stringify(set.body)).not.toContain("s3cret");
  return topic;
}

function deliver(api: Api, topic: string, body: string, headers: Record<string, string>) {
  return api.request<{ partition: number; offset: number; duplicate?: boolean }>(
    "POST",
    `/v1/webhooks/${topic}`,
    body,
    { "content-type": "application/json", ...headers },
  );
}

export function webhooksSuite(api: Api): void {
  describe("webhooks", () => {
    it("accepts GitHub deliveries with a valid signature, once per delivery id", async () => {
      const topic = await topicWithWebhook(api, {
        verify: { type: "github", secret: "s3cret" },
        headers: ["X-GitHub-Event", "X-GitHub-Delivery"],
        key: { pointer: "/repository/full_name" },
      });
      const body = JSON.stringify({ action: "opened", repository: { full_name: "acme/app" } });
      const headers = {
        "x-hub-signature-256": `sha256=${await hmacHex("s3cret", body)}`,
        "x-github-event": "pull_request",
        "x-github-delivery": "d-1",
      };
      const first = await deliver(api, topic, body, headers);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ partition: 0, offset: 0 });
      const again = await deliver(api, topic, body, headers);
      expect(again.body).toEqual({ partition: 0, offset: 0, duplicate: true });
      const records = await api.fetchAll(topic, 0);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        key: "acme/app",
        value: JSON.parse(body),
        headers: { "x-github-event": "pull_request", "x-github-delivery": "d-1" },
      });
    });

    it("refuses a wrong or missing GitHub signature with 401 and appends nothing", async () => {
      const topic = await topicWithWebhook(api, { verify: { type: "github", secret: "s3cret" } });
      const body = '{"zen":"hi"}';
      const wrong = `sha256=${await hmacHex("other", body)}`;
      expectError(
        await deliver(api, topic, body, { "x-hub-signature-256": wrong }),
        401,
        "UNAUTHORIZED",
      );
      expectError(await deliver(api, topic, body, {}), 401, "UNAUTHORIZED");
      expectError(
        await deliver(api, topic, body, { "x-hub-signature-256": "sha256=zz" }),
        401,
        "UNAUTHORIZED",
      );
      expect((await api.offsets(topic, 0)).body.logEndOffset).toBe(0);
    });

    it("verifies Stripe signatures with a timestamp tolerance and dedupes by event id", async () => {
      const topic = await topicWithWebhook(api, {
        verify: { type: "stripe", secret: "s3cret", toleranceSec: 300 },
      });
      const body = JSON.stringify({ id: "evt_1", type: "charge.succeeded" });
      const sign = async (t: number) => `t=${t},v1=${await hmacHex("s3cret", `${t}.${body}`)}`;
      const now = Math.floor(Date.now() / 1000);
      expect(
        (await deliver(api, topic, body, { "stripe-signature": await sign(now) })).status,
      ).toBe(200);
      const redelivered = await deliver(api, topic, body, {
        "stripe-signature": await sign(now + 1),
      });
      expect(redelivered.body).toMatchObject({ duplicate: true, offset: 0 });
      const stale = await deliver(api, topic, body, { "stripe-signature": await sign(now - 301) });
      expectError(stale, 401, "UNAUTHORIZED");
      const forged = `t=${now},v1=${await hmacHex("other", `${now}.${body}`)}`;
      expectError(
        await deliver(api, topic, body, { "stripe-signature": forged }),
        401,
        "UNAUTHORIZED",
      );
      expectError(await deliver(api, topic, body, {}), 401, "UNAUTHORIZED");
      expect((await api.fetchAll(topic, 0)).map((r) => r.value)).toEqual([JSON.parse(body)]);
    });

    it("verifies generic HMAC, keeps non-JSON bodies as text or bytes, dedupes Idempotency-Key", async () => {
      const topic = await topicWithWebhook(api, {
        verify: { type: "hmac", secret: "s3cret", header: "X-Signature" },
        key: { header: "X-Tenant" },
      });
      const text = "a=1&b=2";
      const textAnswer = await api.request("POST", `/v1/webhooks/${topic}`, text, {
        "content-type": "application/x-www-form-urlencoded",
        "x-signature": await hmacHex("s3cret", text),
        "x-tenant": "acme",
        "idempotency-key": "k-1",
      });
      expect(textAnswer.status).toBe(200);
      const retry = await api.request<{ duplicate?: boolean }>(
        "POST",
        `/v1/webhooks/${topic}`,
        text,
        {
          "content-type": "application/x-www-form-urlencoded",
          "x-signature": await hmacHex("s3cret", text),
          "idempotency-key": "k-1",
        },
      );
      expect(retry.body.duplicate).toBe(true);
      const bytes = new Uint8Array([0, 159, 146, 150]);
      const key = await crypto.subtle.importKey(
        "raw",
        encoder.encode("s3cret"),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
      const hex = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
      const binary = await api.raw("POST", `/v1/webhooks/${topic}`, {
        headers: { "content-type": "application/octet-stream", "x-signature": `sha256=${hex}` },
        body: bytes,
      });
      expect(binary.status).toBe(200);
      const records = await api.fetchAll(topic, 0);
      expect(
        records.map((r) => [r.key, r.value ?? r.valueBase64, r.headers["content-type"]]),
      ).toEqual([
        ["acme", text, "application/x-www-form-urlencoded"],
        [null, "AJ+Slg==", "application/octet-stream"],
      ]);
      expectError(
        await api.request("POST", `/v1/webhooks/${topic}`, text, { "x-signature": "00" }),
        401,
        "UNAUTHORIZED",
      );
    });

    it("reads a webhook config back without its secret; NOT_FOUND without one", async () => {
      const topic = await topicWithWebhook(api, {
        verify: { type: "github", secret: "s3cret" },
        headers: ["X-GitHub-Event", "X-GitHub-Delivery"],
        key: { pointer: "/repository/full_name" },
      });
      const read = await api.request<Record<string, unknown>>("GET", `/v1/topics/${topic}/webhook`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        topic,
        verify: { type: "github" },
        key: { pointer: "/repository/full_name" },
        headers: ["x-github-event", "x-github-delivery"],
        dedupeWindowSec: 86_400,
      });
      expect(JSON.stringify(read.body)).not.toContain("s3cret");
      // A changed config reads back as changed, with its type's settings and still no secret.
      const hmac = { verify: { type: "hmac", secret: "s3cret-2", header: "X-Sig" } };
      const set = await api.request("PUT", `/v1/topics/${topic}/webhook`, hmac);
      const again = await api.request<Record<string, unknown>>(
        "GET",
        `/v1/topics/${topic}/webhook`,
      );
      expect(again.body).toEqual(set.body);
      expect(again.body.verify).toEqual({ type: "hmac", header: "x-sig" });
      expect(JSON.stringify(again.body)).not.toContain("s3cret");

      const bare = uniqueTopic();
      await api.createTopic(bare);
      expectError(await api.request("GET", `/v1/topics/${bare}/webhook`), 404, "NOT_FOUND");
      const missing = uniqueTopic();
      expectError(
        await api.request("GET", `/v1/topics/${missing}/webhook`),
        404,
        "TOPIC_NOT_FOUND",
      );
      expectError(
        await api.request("DELETE", `/v1/topics/${topic}/webhook`),
        405,
        "METHOD_NOT_ALLOWED",
      );
    });

    it("validates webhook configs and deliveries", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const bad: unknown[] = [
        { verify: { type: "github" } },
        { verify: { type: "svn", secret: "x" } },
        { verify: { type: "stripe", secret: "x", toleranceSec: 0 } },
        { key: { header: "bad header" } },
        { key: { pointer: "no-slash" } },
        { headers: "x" },
        { dedupeWindowSec: -1 },
        { surprise: true },
      ];
      for (const body of bad) {
        expectError(
          await api.request("PUT", `/v1/topics/${topic}/webhook`, body),
          400,
          "INVALID_REQUEST",
        );
      }
      const missing = uniqueTopic();
      expectError(
        await api.request("PUT", `/v1/topics/${missing}/webhook`, {}),
        404,
        "TOPIC_NOT_FOUND",
      );
      expectError(await deliver(api, missing, "{}", {}), 404, "TOPIC_NOT_FOUND");
      // Without a config, deliveries are accepted as they come; bad JSON is still refused.
      expect((await deliver(api, topic, '{"plain":true}', {})).status).toBe(200);
      expectError(await deliver(api, topic, "{nope", {}), 400, "INVALID_REQUEST");
      expect((await api.offsets(topic, 0)).body.logEndOffset).toBe(1);
    });
  });
}
