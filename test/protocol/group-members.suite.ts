// Who a group's members are (DESIGN.md §4, GET /v1/groups/:g): each member carries the client id
// it joined with (Kafka's CLIENT-ID) and the address it joined from as the gateway saw it
// (Kafka's HOST), both null when unknown; a classic member's host is the address a Kafka gateway
// forwards for its client.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { subscription } from "../support/classic-groups.js";
import { expectError } from "../support/expect.js";

interface MemberView {
  memberId: string;
  clientId: string | null;
  host: string | null;
}

/** A client id at the limit (255 printable characters). */
const LONGEST_CLIENT_ID = "c".repeat(255);

export function groupMembersSuite(api: Api): void {
  describe("group members' client id and host", () => {
    it("shows each member's client id and host; none given is null", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("g");
      const path = `/v1/groups/${group}/members`;
      const join = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
        api.request<{ memberId: string }>("POST", path, { topics: [topic], ...body }, headers);
      const a = await join({ clientId: "billing-worker 1" }, { "CF-Connecting-IP": "203.0.113.7" });
      const b = await join({}, { "X-Forwarded-For": "2001:db8::1, 198.51.100.2" });
      const c = await join({ clientId: LONGEST_CLIENT_ID }, { "CF-Connecting-IP": "not an ip" });
      for (const answer of [a, b, c]) expect(answer.status).toBe(201);
      const described = await api.request<{ members: MemberView[] }>("GET", `/v1/groups/${group}`);
      const byId = new Map(described.body.members.map((m) => [m.memberId, m]));
      expect(byId.get(a.body.memberId)).toMatchObject({
        clientId: "billing-worker 1",
        host: "203.0.113.7",
      });
      // Behind a proxy without CF-Connecting-IP: the first X-Forwarded-For address.
      expect(byId.get(b.body.memberId)).toMatchObject({ clientId: null, host: "2001:db8::1" });
      expect(byId.get(c.body.memberId)).toMatchObject({ clientId: LONGEST_CLIENT_ID, host: null });
    });

    it("keeps a static member's new client id and host when it rejoins", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const group = uniqueTopic("g");
      const path = `/v1/groups/${group}/members`;
      const body = { topics: [topic], instanceId: "worker-1" };
      await api.request(
        "POST",
        path,
        { ...body, clientId: "v1" },
        { "CF-Connecting-IP": "192.0.2.1" },
      );
      const back = await api.request<{ memberId: string }>(
        "POST",
        path,
        { ...body, clientId: "v2" },
        { "CF-Connecting-IP": "192.0.2.2" },
      );
      const described = await api.request<{ members: MemberView[] }>("GET", `/v1/groups/${group}`);
      expect(described.body.members).toMatchObject([
        { memberId: back.body.memberId, clientId: "v2", host: "192.0.2.2" },
      ]);
    });

    it("takes a classic member's host from X-Forwarded-For first (the Kafka gateway forwards its client's there)", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const joinClassic = async (headers: Record<string, string>) => {
        const group = uniqueTopic("g");
        const body = {
          protocolType: "consumer",
          protocols: [{ name: "range", metadataBase64: subscription(topic) }],
        };
        const path = `/v1/groups/${group}/classic/join`;
        expect((await api.request("POST", path, body, headers)).status).toBe(200);
        const described = await api.request<{ members: MemberView[] }>(
          "GET",
          `/v1/groups/${group}`,
        );
        return described.body.members[0]?.host;
      };
      // The gateway's own address is CF-Connecting-IP; the Kafka client's is forwarded.
      const gatewaySaw = { "CF-Connecting-IP": "203.0.113.7" };
      const forwarded = { ...gatewaySaw, "X-Forwarded-For": "198.51.100.9, 203.0.113.7" };
      expect(await joinClassic(forwarded)).toBe("198.51.100.9");
      expect(await joinClassic({ ...gatewaySaw, "X-Forwarded-For": "not an ip" })).toBe(
        "203.0.113.7",
      );
      expect(await joinClassic(gatewaySaw)).toBe("203.0.113.7");
      // A KIP-848 member over HTTP keeps CF-Connecting-IP first.
      const group = uniqueTopic("g");
      const joined = await api.request<{ memberId: string }>(
        "POST",
        `/v1/groups/${group}/members`,
        { topics: [topic] },
        forwarded,
      );
      expect(joined.status).toBe(201);
      const described = await api.request<{ members: MemberView[] }>("GET", `/v1/groups/${group}`);
      expect(described.body.members[0]?.host).toBe("203.0.113.7");
    });

    it("refuses a client id past 255 characters, empty, with control characters or not a string", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const path = `/v1/groups/${uniqueTopic("g")}/members`;
      for (const clientId of [`${LONGEST_CLIENT_ID}c`, "", "tab\there", "new\nline", 42, ["x"]]) {
        expectError(
          await api.request("POST", path, { topics: [topic], clientId }),
          400,
          "INVALID_REQUEST",
        );
      }
      // Nothing was joined by the refused calls.
      expectError(await api.request("GET", path.replace("/members", "")), 404, "GROUP_NOT_FOUND");
    });
  });
}
