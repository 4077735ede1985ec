// A share group's alarm (runDurableObjectAlarm, never a sleep): set only while leases or dead
// letters are outstanding, it ends overdue leases with no request arriving, archives a record out
// of attempts and writes its dead letter exactly once, even when the write is retried after a
// crash. Retention removing unfinished records counts them as archived.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { runAlarmsUntil } from "../support/maintenance.js";
import {
  ack,
  describeShareGroup,
  leaseRecords,
  putShareGroup,
  seededGroup,
} from "../support/share-groups.js";
import { api } from "../support/workerd-api.js";

function shareObject(group: string) {
  return (env as unknown as Env).SHARE_GROUPS.getByName(`share/${group}`);
}

async function alarmOf(group: string): Promise<number | null> {
  return runInDurableObject(shareObject(group), (_instance, state) => state.storage.getAlarm());
}

/** Moves every lease's deadline into the past, as if its time ran out. */
async function expireLeases(group: string): Promise<void> {
  await runInDurableObject(shareObject(group), (_instance, state) => {
    state.storage.sql.exec("UPDATE share_records SET lease_deadline = 1 WHERE state = 'acquired'");
  });
}

describe("share group alarm", () => {
  it("sets no alarm while idle, one at the lease deadline while leased, none once all is acked", async () => {
    const topic = uniqueTopic();
    const group = uniqueTopic("sg");
    await seededGroup(api, topic, group, 2);
    expect(await alarmOf(group)).toBeNull();
    expect((await leaseRecords(api, group, { maxRecords: 1 })).body.records).toHaveLength(1);
    const leased = await leaseRecords(api, group, { maxRecords: 1 });
    const alarm = await alarmOf(group);
    expect(alarm).not.toBeNull();
    expect(alarm).toBeLessThanOrEqual(leased.body.leaseExpiresAt as number);
    await expireLeases(group);
    expect(await runDurableObjectAlarm(shareObject(group))).toBe(true);
    // Both leases ended on the alarm alone: both records are available again.
    const view = (await describeShareGroup(api, group)).body;
    expect(view.partitions[0]).toMatchObject({ leased: 0, available: 2 });
    expect(await alarmOf(group)).toBeNull();
    const again = (await leaseRecords(api, group, { maxRecords: 2 })).body.records;
    expect(again.map((r) => r.deliveryCount)).toEqual([2, 2]);
    await ack(api, group, again, "accept");
    expect(await alarmOf(group)).toBeNull();
  });

  it("archives a record out of attempts on the alarm and writes its dead letter once, retries included", async () => {
    const topic = uniqueTopic();
    const dead = uniqueTopic("dlt");
    await api.createTopic(dead, { partitions: 3 });
    const group = uniqueTopic("sg");
    await seededGroup(api, topic, group, 1, { maxDeliveryAttempts: 1, deadLetterTopic: dead });
    expect((await leaseRecords(api, group)).body.records).toHaveLength(1);
    await expireLeases(group);
    // The first run archives and writes; a run may follow if the write was scheduled apart.
    expect(await runDurableObjectAlarm(shareObject(group))).toBe(true);
    await runDurableObjectAlarm(shareObject(group));
    const written = async () => {
      const all = await Promise.all([0, 1, 2].map((p) => api.fetchAll(dead, p)));
      return all.flatMap((records, partition) => records.map((r) => ({ partition, ...r })));
    };
    const letters = await eventually("the dead letter", async () => {
      const all = await written();
      return all.length > 0 ? all : undefined;
    });
    expect(letters.map((r) => [r.partition, r.value, r.headers["edgelog-dead-reason"]])).toEqual([
      [0, "v0", "max-deliveries"],
    ]);
    expect(await alarmOf(group)).toBeNull();
    // A crash after the append but before the outbox row was deleted: the row comes back with
    // its partition and sequence, and the retry is answered as a duplicate.
    await runInDurableObject(shareObject(group), (_instance, state) => {
      state.storage.sql.exec(
        `INSERT INTO share_dead_letters
         (topic, partition, offset, reason, dead_topic, dead_partition, sequence)
         VALUES (?, 0, 0, 'max-deliveries', ?, 0, 0)`,
        topic,
        dead,
      );
    });
    await runInDurableObject(shareObject(group), (_instance, state) =>
      state.storage.setAlarm(Date.now()),
    );
    // The alarm may fire on its own as well: wait until the outbox is empty either way.
    await eventually("the retried batch written", async () => {
      await runDurableObjectAlarm(shareObject(group));
      const pending = await runInDurableObject(shareObject(group), (_instance, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM share_dead_letters").one(),
      );
      return pending.n === 0 ? true : undefined;
    });
    expect(await written()).toHaveLength(1);
    expect((await describeShareGroup(api, group)).body.partitions[0]).toMatchObject({
      startOffset: 1,
      archived: 1,
    });
  });

  it("counts records removed by retention before they were finished as archived", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { retentionMs: 3_600_000 });
    const group = uniqueTopic("sg");
    expect((await putShareGroup(api, group, { topics: [topic], startAt: "earliest" })).status).toBe(
      201,
    );
    const old = Date.now() - 3 * 3_600_000;
    await api.produce(
      topic,
      [0, 1, 2].map((n) => ({ value: `old${n}`, timestamp: old })),
    );
    await api.produce(topic, [{ value: "now" }]);
    await runAlarmsUntil(topic, 0, async () => {
      return (await api.offsets(topic, 0)).body.logStartOffset === 3;
    });
    const leased = (await leaseRecords(api, group)).body.records;
    expect(leased.map((r) => [r.offset, r.value])).toEqual([[3, "now"]]);
    await ack(api, group, leased, "accept");
    expect((await describeShareGroup(api, group)).body.partitions[0]).toMatchObject({
      startOffset: 4,
      archived: 3,
      leased: 0,
      available: 0,
    });
  });
});
