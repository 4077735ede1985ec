// The protocol suite against a real `wrangler dev`, and durability across its restart.
import { describe, expect, it } from "vitest";
import { badInputSuite } from "../protocol/bad-input.suite.js";
import { concurrencySuite } from "../protocol/concurrency.suite.js";
import { fetchSuite } from "../protocol/fetch.suite.js";
import { groupOffsetsSuite } from "../protocol/group-offsets.suite.js";
import { groupsSuite } from "../protocol/groups.suite.js";
import { inputRulesSuite } from "../protocol/input-rules.suite.js";
import { produceSuite } from "../protocol/produce.suite.js";
import { initProducer, producersSuite } from "../protocol/producers.suite.js";
import { sseSuite } from "../protocol/sse.suite.js";
import { topicsSuite } from "../protocol/topics.suite.js";
import { trackSuite } from "../protocol/track.suite.js";
import { webhooksSuite } from "../protocol/webhooks.suite.js";
import { Api, uniqueTopic } from "../support/api.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const server = wranglerDevForFile("edgelog-e2e-");
// The suites read `api` lazily, through this forwarding fetch, once wrangler dev is up.
const api = new Api((request) =>
  fetch(request.url.replace("http://edgelog.test", server.current().base), request),
);

topicsSuite(api);
produceSuite(api);
badInputSuite(api);
inputRulesSuite(api);
fetchSuite(api);
sseSuite(api);
concurrencySuite(api);
groupsSuite(api);
groupOffsetsSuite(api);
producersSuite(api);
webhooksSuite(api);
trackSuite(api);

describe("fault injection", () => {
  it("is off unless EDGELOG_FAULTS is 1: the route answers NOT_FOUND", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const answer = await api.request("POST", "/v1/admin/faults", {
      topic,
      partition: 0,
      replica: 0,
      fault: "down",
    });
    expect(answer.status).toBe(404);
    expect((answer.body as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect((await api.produce(topic, [{ value: "still up" }])).status).toBe(200);
  });
});

describe("wrangler dev restart", () => {
  it("loses no acknowledged record", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2 });
    const acked = await api.produce(
      topic,
      Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: { i } })),
    );
    expect(acked.status).toBe(200);
    const producer = await initProducer(api, uniqueTopic("p"));
    const idempotent = {
      records: [{ value: "once", partition: 1 }],
      producer: { ...producer, sequence: 0 },
    };
    const sent = await api.request<{ offsets: unknown[] }>(
      "POST",
      `/v1/topics/${topic}/records`,
      idempotent,
    );
    expect(sent.status).toBe(200);
    const before = [await api.fetchAll(topic, 0), await api.fetchAll(topic, 1)] as const;
    expect(before[0].length + before[1].length).toBe(201);
    await server.restart();
    expect([await api.fetchAll(topic, 0), await api.fetchAll(topic, 1)]).toEqual(before);
    // The idempotent batch, retried after the restart, is still recognised.
    const retried = await api.request<{ offsets: unknown[]; duplicate?: boolean }>(
      "POST",
      `/v1/topics/${topic}/records`,
      idempotent,
    );
    expect(retried.body.duplicate).toBe(true);
    expect(retried.body.offsets).toEqual(
      (sent.body.offsets as Array<Record<string, unknown>>).map((o) => ({ ...o, duplicate: true })),
    );
    const next = await api.produce(topic, [{ value: "after restart", partition: 0 }]);
    expect(next.body.offsets[0]?.offset).toBe(before[0].length);
  });
});
