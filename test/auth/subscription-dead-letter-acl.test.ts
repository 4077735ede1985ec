// A push subscription writes its dead letters with the rights of whoever configured it: naming a
// dead-letter topic needs `produce` on that topic besides `admin` on the subscription's own.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../support/auth.js";
import { expectError } from "../support/expect.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver } from "../workerd/push-receiver-client.js";

// A receiver that answers (a refused connection makes workerd log an uncaught exception).
const receiverUrl = new PushReceiver(`acl-${Date.now()}`).url;

describe("push subscription dead-letter rights", () => {
  it("refuses a dead-letter topic the caller may not produce to", async () => {
    const admin = withToken(api, ADMIN_TOKEN);
    const prefix = uniqueTopic("dl");
    const topic = `${prefix}-t`;
    const dead = `${prefix}-dead`;
    await admin.createTopic(topic);
    await admin.createTopic(dead);
    const onlyTopic = await createToken(admin, [
      { resource: `topic:${topic}`, operations: ["admin"] },
      { resource: `topic:${dead}`, operations: ["consume"] },
    ]);
    const both = await createToken(admin, [
      { resource: `topic:${topic}`, operations: ["admin"] },
      { resource: `topic:${dead}`, operations: ["produce"] },
    ]);
    const body = { url: receiverUrl, deadLetterTopic: dead };
    const path = `/v1/topics/${topic}/subscriptions/s`;
    expectError(await withToken(api, onlyTopic.token).request("PUT", path, body), 403, "FORBIDDEN");
    expect((await withToken(api, both.token).request("PUT", path, body)).status).toBe(201);
  });
});
