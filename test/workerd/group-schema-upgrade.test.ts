// A group stored by an earlier edgelog (schema migration 1: offsets without their topic
// incarnation, members without client id and host) upgrades in place: its offsets keep working,
// except one committed before the topic it names was created (an older incarnation's).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { GROUP_MIGRATIONS, GroupStore } from "../../src/groups/group-store.js";
import { migrate } from "../../src/log/sql.js";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";

function coordinator(group: string) {
  return (env as unknown as Env).GROUPS.getByName(`group/${group}`);
}

describe("group schema upgrade", () => {
  it("keeps offsets and members stored before incarnations and client ids were", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2 });
    await api.produce(
      topic,
      [0, 1, 2, 3, 4].map((value) => ({ value, partition: 0 })),
    );
    await api.produce(
      topic,
      [0, 1, 2].map((value) => ({ value, partition: 1 })),
    );
    const group = uniqueTopic("g");
    // The group object exists and the catalog lists it, as an older release left it.
    const first = await api.request("POST", `/v1/groups/${group}/offsets`, {
      offsets: [{ topic, partition: 0, offset: 0 }],
    });
    expect(first.status).toBe(200);
    const createdAt = Date.now();
    await runInDurableObject(coordinator(group), (_instance, state) => {
      const sql = state.storage.sql;
      const transaction = <T>(fn: () => T): T => state.storage.transactionSync(fn);
      const tables = ["group_meta", "members", "offsets", "lag_samples"];
      for (const table of [...tables, "classic_group", "classic_members"]) {
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      }
      sql.exec("DELETE FROM _migrations");
      migrate(sql, transaction, GROUP_MIGRATIONS.slice(0, 1));
      sql.exec(
        `INSERT INTO group_meta (id, group_id, group_epoch, assignor, partition_counts,
           counts_checked_at, created_at) VALUES (1, ?, 1, 'range', ?, ?, ?)`,
        group,
        JSON.stringify({ [topic]: 2 }),
        createdAt,
        createdAt,
      );
      // Partition 0 committed in this incarnation; partition 1 long before it was created.
      const offset = `INSERT INTO offsets (topic, partition, committed_offset, metadata,
        committed_at) VALUES (?, ?, ?, 'old', ?)`;
      sql.exec(offset, topic, 0, 2, createdAt);
      sql.exec(offset, topic, 1, 3, 1);
      sql.exec(
        `INSERT INTO members (member_id, instance_id, member_epoch, topics, session_timeout_ms,
           rebalance_timeout_ms, expires_at, target, granted, owned, departed, revoke_deadline,
           joined_at) VALUES ('m-1', NULL, 1, ?, 45000, 300000, ?, '[]', '[]', '[]', 0, 0, ?)`,
        JSON.stringify([topic]),
        createdAt + 600_000,
        createdAt,
      );
      // The object's next start runs the migrations that follow.
      new GroupStore(sql, transaction);
    });

    const described = await api.request<{
      members: Array<{ memberId: string; clientId: string | null; host: string | null }>;
      offsets: Array<{ partition: number; offset: number | null; lag: number }>;
    }>("GET", `/v1/groups/${group}`);
    expect(described.status).toBe(200);
    expect(described.body.members).toMatchObject([{ memberId: "m-1", clientId: null, host: null }]);
    expect(described.body.offsets.map((o) => [o.partition, o.offset, o.lag])).toEqual([
      [0, 2, 3],
      [1, null, 3],
    ]);
    // The older incarnation's offset is gone from storage too; the other one stays as it was.
    await runInDurableObject(coordinator(group), (_instance, state) => {
      const rows = state.storage.sql
        .exec("SELECT partition, committed_offset, topic_id FROM offsets")
        .toArray();
      expect(rows).toEqual([{ partition: 0, committed_offset: 2, topic_id: null }]);
    });
  });
});
