// A query that fell behind retention (stream-sql.md, Guarantees: it falls behind, never over):
// its output was unavailable while retention removed input it had not read, so its offset is
// below the log start. It goes on from the log start, as a Kafka consumer with
// auto.offset.reset = earliest does, and counts what it skipped; it does not fail.
// Retention (by bytes) runs on the partition's alarm (runDurableObjectAlarm, never a sleep).
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { runAlarmsUntil } from "../support/maintenance.js";
import { fault } from "../support/replication.js";
import { sqlApi } from "../support/sql-api.js";
import { api } from "../support/workerd-api.js";

describe("stream SQL under retention", () => {
  it("skips input removed before it was read to the log start, counting it", async () => {
    const { createQuery, describeQuery } = sqlApi(api);
    const topic = uniqueTopic("expiring");
    await api.createTopic(topic);
    const out = uniqueTopic("kept");
    const created = await createQuery(
      `CREATE STREAM \`${out}\` AS SELECT n FROM \`${topic}\` EMIT CHANGES`,
    );
    expect(created.status).toBe(201);
    // The output goes down: the processor reads record 0, queues its output and is stuck there
    // (each run first writes what it queued), so what comes next stays unread.
    expect((await fault(api, out, 0, "down")).status).toBe(200);
    await api.produce(topic, [{ value: { n: 0 } }]);
    await eventually("the processor to read record 0", async () => {
      const described = await describeQuery(created.body.id);
      return described.body.partitions[0]?.offset === 1 ? described : undefined;
    });
    await api.produce(topic, [{ value: { n: 1 } }]);
    await api.produce(topic, [{ value: { n: 2 } }]);
    // Retention keeps only the last batch's bytes: records 0 and 1 go, 1 unread.
    const [last] = await api.fetchAll(topic, 0, 2);
    const lastBytes = new TextEncoder().encode(JSON.stringify(last)).length;
    const patched = await api.request("PATCH", `/v1/topics/${topic}`, {
      retentionBytes: lastBytes,
    });
    expect(patched.status).toBe(200);
    await runAlarmsUntil(topic, 0, async () => {
      return (await api.offsets(topic, 0)).body.logStartOffset === 2;
    });
    expect((await fault(api, out, 0, "up")).status).toBe(200);
    const described = await eventually("the query to catch up", async () => {
      const answer = await describeQuery(created.body.id);
      return answer.body.partitions[0]?.offset === 3 ? answer : undefined;
    });
    expect(described.body).toMatchObject({ state: "running" });
    expect(described.body.partitions[0]).toMatchObject({
      offset: 3,
      lagRecords: 0,
      recordsIn: 2,
      recordsOut: 2,
      recordsSkipped: 1,
    });
    expect((await api.fetchAll(out, 0)).map((r) => r.value)).toEqual([{ N: 0 }, { N: 2 }]);
    const metrics = await api.raw("GET", `/metrics?topic=${out}`);
    expect(await metrics.text()).toContain(
      `edgelog_query_records_skipped_total{query="${out}",partition="0"} 1\n`,
    );
  });
});
