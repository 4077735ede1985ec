// Who may read metrics and history with auth on: /metrics needs the admin token or `describe` on
// the `cluster` resource; history routes need `describe` on their topic or group.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../support/auth.js";
import { expectError } from "../support/expect.js";
import { api } from "../support/workerd-api.js";

const admin = withToken(api, ADMIN_TOKEN);

describe("metrics access", () => {
  it("serves /metrics to the admin and a cluster describe token, and to nobody else", async () => {
    const topic = uniqueTopic();
    await admin.createTopic(topic);
    expect((await admin.raw("GET", "/metrics")).status).toBe(200);
    const cluster = await createToken(admin, [{ resource: "cluster", operations: ["describe"] }]);
    const scraper = withToken(api, cluster.token);
    const scraped = await scraper.raw("GET", `/metrics?topic=${topic}`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain(`edgelog_partition_high_watermark{topic="${topic}"`);
    const topics = await createToken(admin, [{ resource: "topic:*", operations: ["admin"] }]);
    expectError(await withToken(api, topics.token).request("GET", "/metrics"), 403, "FORBIDDEN");
    expectError(await withToken(api, null).request("GET", "/metrics"), 401, "UNAUTHORIZED");
    // The cluster resource grants nothing on topics.
    expectError(await scraper.request("GET", `/v1/topics/${topic}/activity`), 403, "FORBIDDEN");
  });

  it("accepts cluster as an ACL resource and refuses cluster with a name", async () => {
    const bad = await admin.request("POST", "/v1/tokens", {
      name: "bad",
      acl: [{ resource: "cluster:x", operations: ["describe"] }],
    });
    expectError(bad, 400, "INVALID_REQUEST");
  });

  it("serves history to tokens that may describe the topic or group", async () => {
    const topic = uniqueTopic();
    const group = uniqueTopic("g");
    await admin.createTopic(topic);
    await admin.request("POST", `/v1/groups/${group}/offsets`, {
      offsets: [{ topic, partition: 0, offset: 0 }],
    });
    const reader = withToken(
      api,
      (
        await createToken(admin, [
          { resource: `topic:${topic}`, operations: ["describe"] },
          { resource: `group:${group}`, operations: ["describe"] },
        ])
      ).token,
    );
    expect((await reader.request("GET", `/v1/topics/${topic}/activity`)).status).toBe(200);
    expect((await reader.request("GET", `/v1/groups/${group}/lag-history`)).status).toBe(200);
    const other = withToken(
      api,
      (await createToken(admin, [{ resource: "topic:other", operations: ["describe"] }])).token,
    );
    expectError(await other.request("GET", `/v1/topics/${topic}/activity`), 403, "FORBIDDEN");
    expectError(await other.request("GET", `/v1/groups/${group}/lag-history`), 403, "FORBIDDEN");
  });
});
