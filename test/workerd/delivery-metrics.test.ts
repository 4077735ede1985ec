// GET /metrics for share groups and push subscriptions (design/delivery.md, last bullet): exact
// lag and archived counts after a known lease/ack sequence, as GET /v1/share-groups/:g counts
// them; a subscription's delivered and dead-lettered counters and per-partition lag; and the
// ?topic= filter (a share group kept only when all its topics are selected, a subscription when
// its topic is); counters that hold through a restart of every object. The receiver is a Node HTTP server beside workerd.
import { abortAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { parseSamples, type Sample, sampleValue } from "../support/prometheus-text.js";
import {
  ack,
  describeShareGroup,
  leaseRecords,
  putShareGroup,
  seededGroup,
} from "../support/share-groups.js";
import { describeSubscription, subscriptionPath } from "../support/subscriptions.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver } from "./push-receiver-client.js";

async function scrape(client: Api, topics: string[]): Promise<Sample[]> {
  const query = topics.map((t) => `topic=${t}`).join("&");
  const response = await client.raw("GET", `/metrics?${query}`);
  expect(response.status).toBe(200);
  return parseSamples(await response.text());
}

describe("GET /metrics: share groups and subscriptions", () => {
  it("reports a share group's lag and archived records per partition, exactly", async () => {
    const topic = uniqueTopic();
    const group = uniqueTopic("sg");
    await seededGroup(api, topic, group, 5);
    const leased = await leaseRecords(api, group, { maxRecords: 3 });
    const { records } = leased.body;
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect((await ack(api, group, records.slice(0, 1), "accept")).status).toBe(200);
    expect((await ack(api, group, records.slice(1, 2), "reject")).status).toBe(200);
    const described = (await describeShareGroup(api, group)).body;
    // One leased (offset 2), two available (3, 4); 0 accepted, 1 archived.
    expect(described.lagRecords).toBe(3);
    const samples = await scrape(api, [topic]);
    const labels = { group, topic, partition: 0 };
    expect(sampleValue(samples, "edgelog_share_group_lag_records", labels)).toBe(3);
    expect(sampleValue(samples, "edgelog_share_group_archived_records_total", labels)).toBe(1);
    expect(sampleValue(samples, "edgelog_scrape_partial")).toBe(0);
    // Stored with the group's state: a restart of every object resets nothing.
    await abortAllDurableObjects();
    const after = await scrape(api, [topic]);
    expect(sampleValue(after, "edgelog_share_group_lag_records", labels)).toBe(3);
    expect(sampleValue(after, "edgelog_share_group_archived_records_total", labels)).toBe(1);
  });

  it("keeps a share group only when all its topics are selected", async () => {
    const one = uniqueTopic();
    const two = uniqueTopic();
    const group = uniqueTopic("sg");
    await api.createTopic(one);
    await api.createTopic(two, { partitions: 2 });
    await api.produce(two, [{ value: "x", partition: 1 }]);
    const put = await putShareGroup(api, group, { topics: [one, two], startAt: "earliest" });
    expect(put.status).toBe(201);
    const only = await scrape(api, [one]);
    expect(only.filter((s) => s.labels.group === group)).toEqual([]);
    const both = await scrape(api, [one, two]);
    const lag = both.filter((s) => s.name === "edgelog_share_group_lag_records");
    const shown = lag
      .filter((s) => s.labels.group === group)
      .map((s) => `${s.labels.topic}/${s.labels.partition} ${s.value}`);
    expect(shown.sort()).toEqual([`${one}/0 0`, `${two}/0 0`, `${two}/1 1`].sort());
  });

  it("reports a subscription's delivered and dead-lettered records and its lag", async () => {
    const topic = uniqueTopic();
    const other = uniqueTopic();
    const dead = `${topic}-dlq`;
    await api.createTopic(topic, { partitions: 2 });
    await api.createTopic(other);
    await api.createTopic(dead);
    const receiver = new PushReceiver(`metrics-${topic}`);
    await receiver.script({ failPartitions: { "1": 500 } });
    const put = await api.request("PUT", subscriptionPath(topic, "hook"), {
      url: receiver.url,
      maxAttempts: 2,
      backoffMs: 10,
      backoffMsMax: 20,
      deadLetterTopic: dead,
    });
    expect(put.status).toBe(201);
    // One on `other` too: the filter must leave it out.
    const elsewhere = await api.request("PUT", subscriptionPath(other, "hook"), {
      url: receiver.url,
    });
    expect(elsewhere.status).toBe(201);
    await api.produce(topic, [
      { value: 1, partition: 0 },
      { value: 2, partition: 1 },
      { value: 3, partition: 1 },
      { value: 4, partition: 0 },
    ]);
    await eventually("two delivered and two dead-lettered", async () => {
      const d = await describeSubscription(api, topic, "hook");
      return d.delivered === 2 && d.deadLettered === 2 ? d : undefined;
    });
    // Paused, a new record waits: a lag of 1 on partition 0.
    expect((await api.request("POST", `${subscriptionPath(topic, "hook")}/pause`)).status).toBe(
      200,
    );
    await api.produce(topic, [{ value: 5, partition: 0 }]);
    const samples = await scrape(api, [topic]);
    const labels = { topic, subscription: "hook" };
    expect(sampleValue(samples, "edgelog_subscription_delivered_records_total", labels)).toBe(2);
    expect(sampleValue(samples, "edgelog_subscription_dead_lettered_records_total", labels)).toBe(
      2,
    );
    const lag = (partition: number) =>
      sampleValue(samples, "edgelog_subscription_lag_records", { ...labels, partition });
    expect([lag(0), lag(1)]).toEqual([1, 0]);
    expect(samples.filter((s) => s.labels.topic === other)).toEqual([]);
    expect(sampleValue(samples, "edgelog_scrape_partial")).toBe(0);
    await abortAllDurableObjects();
    const after = await scrape(api, [topic]);
    expect(sampleValue(after, "edgelog_subscription_delivered_records_total", labels)).toBe(2);
    expect(sampleValue(after, "edgelog_subscription_dead_lettered_records_total", labels)).toBe(2);
    const all = await scrape(api, [topic, other]);
    expect(
      sampleValue(all, "edgelog_subscription_lag_records", {
        topic: other,
        subscription: "hook",
        partition: 0,
      }),
    ).toBe(0);
  });
});
