// Session and rebalance timeouts run on the group object's alarm: tested by running the alarm
// (runDurableObjectAlarm) after moving a member's deadline into the past, never by sleeping.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { expectSingleOwners, settle, TestMember } from "../support/groups.js";
import { api } from "../support/workerd-api.js";

function coordinator(group: string) {
  return (env as unknown as Env).GROUPS.getByName(`group/${group}`);
}

/** Moves one member's deadline (`expires_at` or `revoke_deadline`) into the past. */
async function expireNow(
  group: string,
  memberId: string,
  column: "expires_at" | "revoke_deadline",
) {
  await runInDurableObject(coordinator(group), async (_instance, state) => {
    state.storage.sql.exec(`UPDATE members SET ${column} = 1 WHERE member_id = ?`, memberId);
  });
}

describe("group timeouts", () => {
  it("expires a member that stops heartbeating; its partitions move, never to two owners", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 6 });
    const group = uniqueTopic("g");
    const members = ["a", "b", "c"].map((n) => new TestMember(api, group, n));
    for (const m of members) await m.join({ topics: [topic], sessionTimeoutMs: 30_000 });
    await settle(members);
    const [a, b, c] = members as [TestMember, TestMember, TestMember];
    // Before its session runs out, c's partitions stay with c.
    expect(await runDurableObjectAlarm(coordinator(group))).toBe(true);
    await settle([a, b]);
    expect([a, b].map((m) => m.owned().length)).toEqual([2, 2]);
    await expireNow(group, c.memberId, "expires_at");
    expect(await runDurableObjectAlarm(coordinator(group))).toBe(true);
    c.assignment = []; // expired: it must stop processing
    await settle([a, b]);
    expectSingleOwners([a, b]);
    expect([a, b].map((m) => m.owned().length)).toEqual([3, 3]);
    const expired = await c.heartbeat();
    expect(expired.status).toBe(404);
  });

  it("removes a member that keeps revoked partitions past its rebalance timeout", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 4 });
    const group = uniqueTopic("g");
    const slow = new TestMember(api, group, "slow");
    await slow.join({ topics: [topic], rebalanceTimeoutMs: 1_000 });
    await settle([slow]);
    const held = slow.assignment;
    const fresh = new TestMember(api, group, "fresh");
    await fresh.join({ topics: [topic] });
    // slow is asked to give two partitions up but keeps reporting all four as owned.
    const asked = await slow.heartbeat({ owned: held });
    expect(asked.body.assignment[0]?.partitions).toHaveLength(2);
    await slow.heartbeat({ owned: held });
    await fresh.heartbeat();
    expect(fresh.owned()).toHaveLength(0); // nobody gets a partition slow still holds
    await expireNow(group, slow.memberId, "revoke_deadline");
    expect(await runDurableObjectAlarm(coordinator(group))).toBe(true);
    await settle([fresh]);
    expect(fresh.owned()).toHaveLength(4);
  });
});
