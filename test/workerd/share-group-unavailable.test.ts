// A share group over a partition whose replicas are all unreachable (fault injection): the
// other partition's records are still leased; with nothing else to lease the answer is the
// partition's retriable UNAVAILABLE, and leasing resumes once a replica is back.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { expectError } from "../support/expect.js";
import { fault } from "../support/replication.js";
import { ack, leaseRecords, putShareGroup } from "../support/share-groups.js";
import { api } from "../support/workerd-api.js";

describe("share group with an unavailable partition", () => {
  it("leases the reachable partition, answers UNAVAILABLE for the rest, resumes when it returns", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2, replicationFactor: 2 });
    await api.produce(topic, [
      { value: "a", partition: 0 },
      { value: "b", partition: 1 },
    ]);
    const group = uniqueTopic("sg");
    expect((await putShareGroup(api, group, { topics: [topic], startAt: "earliest" })).status).toBe(
      201,
    );
    // Partition 1: its leader and every in-sync replica down.
    await fault(api, topic, 0, "down", undefined, 1);
    await fault(api, topic, 1, "down", undefined, 1);
    const first = await leaseRecords(api, group, { maxRecords: 10 });
    expect(first.status).toBe(200);
    expect(first.body.records.map((r) => [r.partition, r.value])).toEqual([[0, "a"]]);
    await ack(api, group, first.body.records, "accept");
    const refused = expectError(await leaseRecords(api, group), 503, "UNAVAILABLE");
    expect(refused.error.retriable).toBe(true);
    await fault(api, topic, 0, "up", undefined, 1);
    await fault(api, topic, 1, "up", undefined, 1);
    const after = await eventually("partition 1 leased again", async () => {
      const answer = await leaseRecords(api, group, { waitMs: 1_000 });
      return answer.status === 200 && answer.body.records.length > 0 ? answer.body : undefined;
    });
    expect(after.records.map((r) => [r.partition, r.value])).toEqual([[1, "b"]]);
  });
});
