// The stored data the fuzz test seeds, and a snapshot of it to compare before and after.
import type { Api } from "../api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../auth.js";
import type { Fixture } from "./request.js";

/** Seeds a topic with records, a group's offsets, a webhook, tracking and an access token. */
export async function seedStoredData(api: Api, seed: number): Promise<Fixture> {
  const admin = withToken(api, ADMIN_TOKEN);
  const prefix = `fz-${seed.toString(36)}`;
  const topic = `${prefix}-topic`;
  const group = `${prefix}-group`;
  const origin = "https://shop.example";
  const ok = (what: string, status: number, expected = 200) => {
    if (status !== expected) throw new Error(`seeding: ${what} answered ${status}`);
  };
  ok("create topic", (await admin.createTopic(topic, { partitions: 2 })).status, 201);
  const produced = await admin.produce(topic, [
    { key: "a", value: { n: 1 }, partition: 0 },
    { key: "b", value: "two", headers: { h: "v" }, partition: 0 },
    { key: null, value: [1, 2, 3], partition: 1 },
    { keyBase64: "AAE=", valueBase64: "/w==", partition: 1 },
    { key: "c", value: null, partition: 1 },
    { value: { nested: { deep: [true, false, null] } }, partition: 0 },
  ]);
  ok("produce", produced.status);
  const commit = await admin.request("POST", `/v1/groups/${group}/offsets`, {
    offsets: [
      { topic, partition: 0, offset: 2, metadata: "seeded" },
      { topic, partition: 1, offset: 1 },
    ],
  });
  ok("commit", commit.status);
  // Webhook deliveries to the topic must carry an HMAC the fuzz never has.
  const webhook = await admin.request("PUT", `/v1/topics/${topic}/webhook`, {
    verify: { type: "hmac", secret: `secret-${prefix}`, header: "X-Signature" },
  });
  ok("webhook config", webhook.status);
  const track = await admin.request<{ publishableKey: string }>(
    "PUT",
    `/v1/topics/${topic}/track`,
    {
      origins: [origin],
    },
  );
  ok("track config", track.status);
  const token = await createToken(admin, [
    { resource: `topic:${topic}`, operations: ["produce", "consume", "describe"] },
    { resource: `group:${group}`, operations: ["consume", "describe"] },
  ]);
  return {
    prefix,
    topic,
    group,
    tokenId: token.id,
    accessToken: token.token,
    trackKey: track.body.publishableKey,
    origin,
  };
}

/** What is stored of the seeded data, as the API answers it. */
export async function snapshotStoredData(api: Api, fx: Fixture): Promise<Record<string, unknown>> {
  const admin = withToken(api, ADMIN_TOKEN);
  const get = async (path: string) => {
    const answer = await admin.request("GET", path);
    return { status: answer.status, body: answer.body };
  };
  return {
    topics: await get("/v1/topics"),
    topic: await get(`/v1/topics/${fx.topic}`),
    records: [await admin.fetchAll(fx.topic, 0), await admin.fetchAll(fx.topic, 1)],
    offsets: [
      await get(`/v1/topics/${fx.topic}/partitions/0/offsets`),
      await get(`/v1/topics/${fx.topic}/partitions/1/offsets`),
    ],
    groups: await get("/v1/groups"),
    group: withoutAges(await get(`/v1/groups/${fx.group}`)),
    groupOffsets: await get(`/v1/groups/${fx.group}/offsets`),
    tokens: await get("/v1/tokens"),
    // The tracking origins and the webhook's signature check are as seeded.
    preflight: await Promise.all(
      [fx.origin, "https://evil.example"].map(async (origin) => {
        const answer = await api.raw("OPTIONS", `/v1/track/${fx.topic}`, { headers: { origin } });
        return answer.status;
      }),
    ),
    unsigned: (
      await api.raw("POST", `/v1/webhooks/${fx.topic}`, {
        headers: { "content-type": "application/json" },
        body: '{"unsigned":true}',
      })
    ).status,
  };
}

/**
 * A group's description without `lagSeconds`: the age of the oldest unconsumed record grows with
 * the clock, not with stored data.
 */
function withoutAges(answer: { status: number; body: unknown }): { status: number; body: unknown } {
  const body = answer.body as { offsets?: Array<Record<string, unknown>> };
  if (!Array.isArray(body?.offsets)) return answer;
  const offsets = body.offsets.map(({ lagSeconds: _, ...row }) => row);
  return { status: answer.status, body: { ...body, offsets } };
}
