// What the classic group routes accept (/v1/groups/:g/classic/…): every field checked before the
// group is touched, each classic limit at the limit and one past it, and errors as DESIGN.md §4
// shapes them.
import { describe, expect, it } from "vitest";
import {
  CLASSIC_ASSIGNMENT_BYTES_MAX,
  CLASSIC_METADATA_BYTES_MAX,
  CLASSIC_PROTOCOL_NAME_CHARS_MAX,
  CLASSIC_PROTOCOLS_MAX,
} from "../../src/protocol/limits.js";
import { type Api, uniqueTopic } from "../support/api.js";
import { ClassicMember } from "../support/classic-groups.js";
import { expectError } from "../support/expect.js";

/** Base64 of `bytes` zero bytes. */
function zeros(bytes: number): string {
  return btoa("\u0000".repeat(bytes));
}

function join(api: Api, body: Record<string, unknown>) {
  return api.request("POST", `/v1/groups/${uniqueTopic("g")}/classic/join`, {
    protocolType: "consumer",
    protocols: [{ name: "range", metadataBase64: "" }],
    sessionTimeoutMs: 10_000,
    ...body,
  });
}

export function classicGroupInputSuite(api: Api) {
  describe("classic group input", () => {
    it("holds protocols, metadata and names at their limits and refuses one past", async () => {
      const offer = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ name: `p${i}`, metadataBase64: "" }));
      expect((await join(api, { protocols: offer(CLASSIC_PROTOCOLS_MAX) })).status).toBe(200);
      expectError(
        await join(api, { protocols: offer(CLASSIC_PROTOCOLS_MAX + 1) }),
        400,
        "INVALID_REQUEST",
      );
      const metadata = (bytes: number) => [{ name: "range", metadataBase64: zeros(bytes) }];
      const full = await join(api, { protocols: metadata(CLASSIC_METADATA_BYTES_MAX) });
      expect(full.status).toBe(200);
      expectError(
        await join(api, { protocols: metadata(CLASSIC_METADATA_BYTES_MAX + 1) }),
        400,
        "INVALID_REQUEST",
      );
      const long = "x".repeat(CLASSIC_PROTOCOL_NAME_CHARS_MAX);
      expect((await join(api, { protocolType: long })).status).toBe(200);
      expectError(await join(api, { protocolType: `${long}x` }), 400, "INVALID_REQUEST");
    });

    it("holds an assignment at its limit and refuses one past", async () => {
      const group = uniqueTopic("g");
      const leader = new ClassicMember(api, group, "");
      await leader.joined();
      const over = [
        { memberId: leader.memberId, assignmentBase64: zeros(CLASSIC_ASSIGNMENT_BYTES_MAX + 1) },
      ];
      expectError(await leader.sync(over), 400, "INVALID_REQUEST");
      const full = zeros(CLASSIC_ASSIGNMENT_BYTES_MAX);
      const synced = await leader.sync([{ memberId: leader.memberId, assignmentBase64: full }]);
      expect(synced.body.assignmentBase64).toBe(full);
    });

    it("refuses malformed requests before touching the group", async () => {
      const path = (route: string) => `/v1/groups/${uniqueTopic("g")}/classic/${route}`;
      const bad: Array<[string, Record<string, unknown>]> = [
        ["join", { protocols: [{ name: "range", metadataBase64: "" }] }],
        ["join", { protocolType: "consumer", protocols: [] }],
        [
          "join",
          { protocolType: "consumer", protocols: [{ name: "range", metadataBase64: "%%" }] },
        ],
        ["join", { protocolType: "consumer", protocols: [{ name: "a" }, { name: "a" }] }],
        ["join", { protocolType: "c\u0000", protocols: [{ name: "range" }] }],
        ["join", { protocolType: "consumer", protocols: [{ name: "r" }], sessionTimeoutMs: 10 }],
        ["join", { protocolType: "consumer", protocols: [{ name: "r" }], instanceId: "a b" }],
        ["join", { protocolType: "consumer", protocols: [{ name: "r" }], surprise: 1 }],
        ["sync", { memberId: "m", generationId: "1" }],
        ["sync", { memberId: "m", generationId: 1, assignments: [{ memberId: "m" }] }],
        ["heartbeat", { memberId: "m" }],
        ["leave", {}],
        ["offsets", { memberId: "m", generationId: 1, offsets: [] }],
      ];
      for (const [route, body] of bad) {
        expectError(await api.request("POST", path(route), body), 400, "INVALID_REQUEST");
      }
      expectError(await api.request("POST", path("heartbeat"), "[1]"), 400, "INVALID_REQUEST");
      const nobody = { memberId: "not a member id", generationId: 1 };
      expectError(await api.request("POST", path("heartbeat"), nobody), 404, "UNKNOWN_MEMBER");
      expectError(await api.request("GET", path("join")), 405, "METHOD_NOT_ALLOWED");
    });
  });
}
