// Every authenticated route × every kind of caller: no token, a wrong token, a token without the
// operation, a token for another prefix, a revoked token, the right token. 401 for the first
// three kinds of stranger, 403 for tokens that may not, 2xx for the right one; rejected writes
// append nothing.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../support/auth.js";
import { api } from "../support/workerd-api.js";
import { PushReceiver } from "../workerd/push-receiver-client.js";

// A receiver that answers (a refused connection makes workerd log an uncaught exception).
const receiverUrl = new PushReceiver(`acl-${Date.now()}`).url;

const OPERATIONS = ["produce", "consume", "describe", "admin"];
type Caller = "none" | "wrong" | "withoutOperation" | "otherPrefix" | "revoked" | "right";
const CALLERS: Caller[] = ["none", "wrong", "withoutOperation", "otherPrefix", "revoked", "right"];

interface Route {
  name: string;
  method: string;
  path: string;
  /** A fresh body for each call (names must not repeat). */
  body?: () => unknown;
  /** What a token lacking it is refused for; "admin-token": only the admin token may. */
  needs: "produce" | "consume" | "describe" | "admin" | "admin-token";
  /** The resource the operation is on (a token without it has every operation but that). */
  on: "topic" | "group";
  /** Status for the right caller. */
  ok: number;
  /** Callers that pass although they are not "right" (the route is not tied to a resource). */
  alsoOk?: Caller[];
}

function aclFor(topicPrefix: string, groupPrefix: string, operations: string[]) {
  return [
    { resource: `topic:${topicPrefix}*`, operations },
    { resource: `group:${groupPrefix}*`, operations },
  ];
}

describe("authorization matrix", () => {
  it("answers each route 401 / 403 / 2xx by caller, and rejected writes append nothing", async () => {
    const admin = withToken(api, ADMIN_TOKEN);
    const prefix = uniqueTopic("m");
    const topic = `${prefix}-t`;
    const g = `${prefix}-g`;
    expect((await admin.createTopic(topic, { partitions: 1 })).status).toBe(201);
    await admin.produce(topic, [{ value: "seed" }]);
    // One consumer group per route that needs its own state (members, emptiness).
    const join = await admin.request<{ memberId: string; memberEpoch: number }>(
      "POST",
      `/v1/groups/${g}-hb/members`,
      { topics: [topic] },
    );
    expect(join.status).toBe(201);
    const { memberId, memberEpoch } = join.body;
    const leaver = await admin.request<{ memberId: string }>(
      "POST",
      `/v1/groups/${g}-leave/members`,
      { topics: [topic] },
    );
    const subscription = await admin.request("PUT", `/v1/topics/${topic}/subscriptions/s`, {
      url: receiverUrl,
    });
    expect(subscription.status).toBe(201);
    const commit = { offsets: [{ topic, partition: 0, offset: 1 }] };
    expect((await admin.request("POST", `/v1/groups/${g}-del/offsets`, commit)).status).toBe(200);
    // Classic members (Kafka's JoinGroup protocol), each in a group of its own.
    const classicJoin = {
      protocolType: "consumer",
      protocols: [{ name: "range", metadataBase64: "" }],
    };
    const classic = async (group: string) => {
      const path = `/v1/groups/${group}/classic`;
      const joined = await admin.request<{ memberId: string }>("POST", `${path}/join`, classicJoin);
      expect(joined.status).toBe(200);
      return { path, memberId: joined.body.memberId, generationId: 1 };
    };
    const syncing = await classic(`${g}-csync`);
    const beating = await classic(`${g}-chb`);
    const leaving = await classic(`${g}-cleave`);
    const caller = (c: { memberId: string; generationId: number }) => ({
      memberId: c.memberId,
      generationId: c.generationId,
    });
    const synced = await admin.request("POST", `${beating.path}/sync`, caller(beating));
    expect(synced.status).toBe(200);

    let n = 0;
    const fresh = () => `${prefix}-new${n++}`;
    const routes: Route[] = [
      {
        name: "create topic",
        method: "POST",
        path: "/v1/topics",
        body: () => ({ name: fresh() }),
        needs: "admin",
        on: "topic",
        ok: 201,
      },
      {
        name: "describe topic",
        method: "GET",
        path: `/v1/topics/${topic}`,
        needs: "describe",
        on: "topic",
        ok: 200,
      },
      {
        name: "alter topic",
        method: "PATCH",
        path: `/v1/topics/${topic}`,
        body: () => ({ retentionMs: 3_600_000 }),
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "produce",
        method: "POST",
        path: `/v1/topics/${topic}/records`,
        body: () => ({ records: [{ value: "x" }] }),
        needs: "produce",
        on: "topic",
        ok: 200,
      },
      {
        name: "fetch",
        method: "GET",
        path: `/v1/topics/${topic}/partitions/0/records?offset=0`,
        needs: "consume",
        on: "topic",
        ok: 200,
      },
      {
        name: "offsets",
        method: "GET",
        path: `/v1/topics/${topic}/partitions/0/offsets`,
        needs: "describe",
        on: "topic",
        ok: 200,
      },
      {
        name: "webhook config",
        method: "PUT",
        path: `/v1/topics/${topic}/webhook`,
        body: () => ({}),
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "read webhook config",
        method: "GET",
        path: `/v1/topics/${topic}/webhook`,
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "track config",
        method: "PUT",
        path: `/v1/topics/${topic}/track`,
        body: () => ({ origins: ["https://example.com"] }),
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "read track config",
        method: "GET",
        path: `/v1/topics/${topic}/track`,
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "init producer",
        method: "POST",
        path: "/v1/producers",
        body: () => ({ name: fresh() }),
        needs: "produce",
        on: "topic",
        ok: 200,
        alsoOk: ["otherPrefix"],
      },
      {
        name: "join",
        method: "POST",
        path: `/v1/groups/${g}-join/members`,
        body: () => ({ topics: [topic] }),
        needs: "consume",
        on: "group",
        ok: 201,
      },
      {
        name: "heartbeat",
        method: "POST",
        path: `/v1/groups/${g}-hb/members/${memberId}/heartbeat`,
        body: () => ({ memberEpoch, owned: [{ topic, partitions: [0] }] }),
        needs: "consume",
        on: "group",
        ok: 200,
      },
      {
        name: "commit",
        method: "POST",
        path: `/v1/groups/${g}-commit/offsets`,
        body: () => commit,
        needs: "consume",
        on: "group",
        ok: 200,
      },
      {
        name: "group offsets",
        method: "GET",
        path: `/v1/groups/${g}-del/offsets`,
        needs: "describe",
        on: "group",
        ok: 200,
      },
      {
        name: "describe group",
        method: "GET",
        path: `/v1/groups/${g}-del`,
        needs: "describe",
        on: "group",
        ok: 200,
      },
      {
        name: "reset offsets",
        method: "POST",
        path: `/v1/groups/${g}-commit/offsets/reset`,
        body: () => ({ topic, to: "earliest" }),
        needs: "consume",
        on: "group",
        ok: 200,
      },
      {
        name: "leave",
        method: "DELETE",
        path: `/v1/groups/${g}-leave/members/${leaver.body.memberId}`,
        needs: "consume",
        on: "group",
        ok: 204,
      },
      {
        name: "classic join",
        method: "POST",
        path: `/v1/groups/${g}-cjoin/classic/join`,
        body: () => classicJoin,
        needs: "consume",
        on: "group",
        ok: 200,
      },
      {
        name: "classic sync",
        method: "POST",
        path: `${syncing.path}/sync`,
        body: () => caller(syncing),
        needs: "consume",
        on: "group",
        ok: 200,
      },
      {
        name: "classic heartbeat",
        method: "POST",
        path: `${beating.path}/heartbeat`,
        body: () => caller(beating),
        needs: "consume",
        on: "group",
        ok: 204,
      },
      {
        name: "classic commit",
        method: "POST",
        path: `${beating.path}/offsets`,
        body: () => ({ ...caller(beating), ...commit }),
        needs: "consume",
        on: "group",
        ok: 200,
      },
      {
        name: "classic leave",
        method: "POST",
        path: `${leaving.path}/leave`,
        body: () => ({ memberId: leaving.memberId }),
        needs: "consume",
        on: "group",
        ok: 204,
      },
      {
        name: "delete group",
        method: "DELETE",
        path: `/v1/groups/${g}-del`,
        needs: "admin",
        on: "group",
        ok: 204,
      },
      {
        name: "create token",
        method: "POST",
        path: "/v1/tokens",
        body: () => ({ name: fresh(), acl: [] }),
        needs: "admin-token",
        on: "topic",
        ok: 201,
      },
      {
        name: "list tokens",
        method: "GET",
        path: "/v1/tokens",
        needs: "admin-token",
        on: "topic",
        ok: 200,
      },
      {
        name: "faults",
        method: "POST",
        path: "/v1/admin/faults",
        body: () => ({ topic, partition: 0, replica: 0, fault: "up" }),
        needs: "admin-token",
        on: "topic",
        ok: 200,
      },
      // Push subscriptions: changing one needs admin on its topic, reading one describe.
      {
        name: "put subscription",
        method: "PUT",
        path: `/v1/topics/${topic}/subscriptions/s`,
        body: () => ({ url: receiverUrl }),
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "list subscriptions",
        method: "GET",
        path: `/v1/topics/${topic}/subscriptions`,
        needs: "describe",
        on: "topic",
        ok: 200,
      },
      {
        name: "describe subscription",
        method: "GET",
        path: `/v1/topics/${topic}/subscriptions/s`,
        needs: "describe",
        on: "topic",
        ok: 200,
      },
      {
        name: "pause subscription",
        method: "POST",
        path: `/v1/topics/${topic}/subscriptions/s/pause`,
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "resume subscription",
        method: "POST",
        path: `/v1/topics/${topic}/subscriptions/s/resume`,
        needs: "admin",
        on: "topic",
        ok: 200,
      },
      {
        name: "delete subscription",
        method: "DELETE",
        path: `/v1/topics/${topic}/subscriptions/s`,
        needs: "admin",
        on: "topic",
        ok: 204,
      },
    ];

    // Callers: tokens with every operation on the test's names, on others', or all but one.
    const everything = aclFor(prefix, prefix, OPERATIONS);
    const right = await createToken(admin, everything);
    const other = await createToken(
      admin,
      aclFor(`${prefix}-other`, `${prefix}-other`, OPERATIONS),
    );
    const revoked = await createToken(admin, everything);
    expect((await admin.request("DELETE", `/v1/tokens/${revoked.id}`)).status).toBe(204);
    const without = new Map<string, string>();
    for (const op of OPERATIONS) {
      // Describing is implied by any operation, so "without describe" holds nothing on that kind.
      const acl =
        op === "describe"
          ? [
              { resource: `topic:${prefix}*`, operations: ["describe"] },
              { resource: `group:${prefix}*`, operations: ["describe"] },
            ]
          : aclFor(
              prefix,
              prefix,
              OPERATIONS.filter((o) => o !== op),
            );
      without.set(op, (await createToken(admin, acl)).token);
    }
    const clientFor = (caller: Caller, route: Route): Api => {
      switch (caller) {
        case "none":
          return withToken(api, null);
        case "wrong":
          return withToken(api, `elg_${"A".repeat(12)}_${"B".repeat(43)}`);
        case "revoked":
          return withToken(api, revoked.token);
        case "otherPrefix":
          return withToken(api, other.token);
        case "withoutOperation": {
          if (route.needs === "admin-token") return withToken(api, right.token);
          if (route.needs === "describe") {
            const kindOnly = route.on === "topic" ? "group" : "topic";
            return withToken(api, without.get(`describe-${kindOnly}`) ?? "");
          }
          return withToken(api, without.get(route.needs) ?? "");
        }
        case "right":
          return route.needs === "admin-token" ? admin : withToken(api, right.token);
      }
    };
    // Tokens holding only the other kind's operations, for the describe routes.
    for (const kind of ["topic", "group"]) {
      const acl = [{ resource: `${kind}:${prefix}*`, operations: OPERATIONS }];
      without.set(`describe-${kind}`, (await createToken(admin, acl)).token);
    }

    const failures: string[] = [];
    const endBefore = (await admin.offsets(topic, 0)).body.logEndOffset;
    for (const route of routes) {
      for (const caller of CALLERS) {
        const client = clientFor(caller, route);
        const answer = await client.request<{ error?: { code: string } }>(
          route.method,
          route.path,
          route.body?.(),
        );
        const wanted =
          caller === "right" || route.alsoOk?.includes(caller)
            ? route.ok
            : caller === "none" || caller === "wrong" || caller === "revoked"
              ? 401
              : 403;
        if (answer.status !== wanted) {
          failures.push(
            `${route.name} as ${caller}: ${answer.status} (wanted ${wanted}) ${JSON.stringify(answer.body)}`,
          );
        }
        if (route.name === "produce" && caller !== "right") {
          const end = (await admin.offsets(topic, 0)).body.logEndOffset;
          if (end !== endBefore) failures.push(`produce as ${caller} appended (log end ${end})`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("lists only the topics and groups a token may describe", async () => {
    const admin = withToken(api, ADMIN_TOKEN);
    const mine = uniqueTopic("mine");
    const theirs = uniqueTopic("theirs");
    await admin.createTopic(mine);
    await admin.createTopic(theirs);
    for (const t of [mine, theirs]) {
      await admin.request("POST", `/v1/groups/${t}/offsets`, {
        offsets: [{ topic: t, partition: 0, offset: 0 }],
      });
    }
    const token = await createToken(admin, [
      { resource: `topic:${mine}`, operations: ["consume"] },
      { resource: `group:${mine}`, operations: ["describe"] },
    ]);
    const client = withToken(api, token.token);
    const topics = await client.request<{ topics: Array<{ name: string }> }>("GET", "/v1/topics");
    expect(topics.body.topics.map((t) => t.name)).toEqual([mine]);
    const groups = await client.request<{ groups: Array<{ groupId: string }> }>(
      "GET",
      "/v1/groups",
    );
    expect(groups.body.groups.map((g) => g.groupId)).toEqual([mine]);
    // A refusal names only what the caller asked for.
    const refused = await client.request<{ error: { message: string } }>(
      "GET",
      `/v1/topics/${theirs}`,
    );
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(mine);
  });
});
