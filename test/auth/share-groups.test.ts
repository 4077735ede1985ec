// Share groups with auth on, as for consumer groups: leasing and acking need `consume` on the
// group and on its topics, describing needs `describe` on the group (the list shows only those),
// and PUT and DELETE need `admin` on the group, PUT also `consume` on its topics and `produce` on
// its dead-letter topic.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../support/auth.js";
import { expectError } from "../support/expect.js";
import { ack, describeShareGroup, leaseRecords, putShareGroup } from "../support/share-groups.js";
import { api } from "../support/workerd-api.js";

const admin = withToken(api, ADMIN_TOKEN);

describe("share groups with auth", () => {
  it("needs consume on the group and its topics to lease and ack, describe to describe", async () => {
    const prefix = uniqueTopic("auth");
    const topic = `${prefix}-t`;
    const group = `${prefix}-g`;
    await admin.createTopic(topic);
    await admin.produce(topic, [{ value: "a" }, { value: "b" }]);
    const created = await putShareGroup(admin, group, { topics: [topic], startAt: "earliest" });
    expect(created.status).toBe(201);
    const token = async (acl: Array<{ resource: string; operations: string[] }>) =>
      withToken(api, (await createToken(admin, acl)).token);
    const worker = await token([
      { resource: `group:${group}`, operations: ["consume"] },
      { resource: `topic:${topic}`, operations: ["consume"] },
    ]);
    const groupOnly = await token([{ resource: `group:${group}`, operations: ["consume"] }]);
    const topicOnly = await token([{ resource: `topic:${topic}`, operations: ["consume"] }]);
    const describer = await token([{ resource: `group:${group}`, operations: ["describe"] }]);

    expectError(await leaseRecords(withToken(api, null), group), 401, "UNAUTHORIZED");
    expectError(await leaseRecords(groupOnly, group), 403, "FORBIDDEN");
    expectError(await leaseRecords(topicOnly, group), 403, "FORBIDDEN");
    expectError(await leaseRecords(describer, group), 403, "FORBIDDEN");
    const leased = await leaseRecords(worker, group, { maxRecords: 2 });
    expect(leased.status).toBe(200);
    expect(leased.body.records).toHaveLength(2);
    expectError(await ack(groupOnly, group, leased.body.records, "accept"), 403, "FORBIDDEN");
    expect((await ack(worker, group, leased.body.records, "accept")).body.results).toHaveLength(2);

    expect((await describeShareGroup(describer, group)).status).toBe(200);
    expectError(await describeShareGroup(topicOnly, group), 403, "FORBIDDEN");
    const listed = await describer.request<{ groups: Array<{ groupId: string }> }>(
      "GET",
      "/v1/share-groups",
    );
    expect(listed.body.groups.map((g) => g.groupId)).toEqual([group]);
    const none = await topicOnly.request<{ groups: unknown[] }>("GET", "/v1/share-groups");
    expect(none.body.groups).toEqual([]);
  });

  it("needs admin on the group to create or delete it, produce on its dead-letter topic", async () => {
    const prefix = uniqueTopic("auth");
    const topic = `${prefix}-t`;
    const dead = `${prefix}-dead`;
    const group = `${prefix}-g`;
    await admin.createTopic(topic);
    await admin.createTopic(dead);
    const owner = withToken(
      api,
      (
        await createToken(admin, [
          { resource: `group:${group}`, operations: ["admin"] },
          { resource: `topic:${topic}`, operations: ["consume"] },
        ])
      ).token,
    );
    const consumer = withToken(
      api,
      (
        await createToken(admin, [
          { resource: `group:${group}`, operations: ["consume"] },
          { resource: `topic:${prefix}-*`, operations: ["consume", "produce"] },
        ])
      ).token,
    );
    const config = { topics: [topic], deadLetterTopic: dead };
    expectError(await putShareGroup(consumer, group, config), 403, "FORBIDDEN");
    expectError(await putShareGroup(owner, group, config), 403, "FORBIDDEN"); // no produce on dead
    expect((await putShareGroup(owner, group, { topics: [topic] })).status).toBe(201);
    expectError(await consumer.request("DELETE", `/v1/share-groups/${group}`), 403, "FORBIDDEN");
    expect((await owner.request("DELETE", `/v1/share-groups/${group}`)).status).toBe(204);
  });
});
