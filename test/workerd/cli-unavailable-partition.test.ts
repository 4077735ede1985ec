// The CLI with a partition whose replicas are all unreachable: `topics describe` prints the
// partition's catalog data with "-" for its offsets and UNAVAILABLE as its status, and commands
// that must read every partition fail with the partition's error (only those that need it).
// `groups describe` prints the partition's commit with "-" for its log start, high watermark
// and lag, and UNAVAILABLE as its status.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { chosenPartitions } from "../../src/cli/consume.js";
import { groupText } from "../../src/cli/groups.js";
import { partitionTable } from "../../src/cli/topics.js";
import { Edgelog, EdgelogClientError } from "../../src/client/index.js";
import { uniqueTopic } from "../support/api.js";
import { fault } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

const admin = new Edgelog({
  url: "http://edgelog.test",
  fetch: (request) => exports.default.fetch(request),
  retry: { retries: 0 },
}).admin();

describe("CLI with an unavailable partition", () => {
  it("describes it with '-' and UNAVAILABLE, and reads only the partitions it can", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { partitions: 2, replicationFactor: 2 });
    await fault(api, topic, 0, "down", undefined, 1);
    await fault(api, topic, 1, "down", undefined, 1);
    const described = await admin.describeTopic(topic);
    const lines = partitionTable(described).split("\n");
    const cells = lines.map((line) => line.trim().split(/\s+/));
    expect(cells[0]).toEqual([
      "PARTITION",
      "LEADER",
      "EPOCH",
      "REPLICAS",
      "ISR",
      "LOG-START",
      "HIGH-WATERMARK",
      "LOG-END",
      "RECORDS",
      "BYTES",
      "STATUS",
    ]);
    expect(cells[1]).toEqual(["0", "0", "0", "0,1", "0,1", "0", "0", "0", "0", "0", "ok"]);
    expect(cells[2]).toEqual(["1", "0", "0", "0,1", "0,1", "-", "-", "-", "-", "-", "UNAVAILABLE"]);
    expect(chosenPartitions(described, 0).map((p) => p.highWatermark)).toEqual([0]);
    const all = (() => {
      try {
        return chosenPartitions(described, undefined);
      } catch (err) {
        return err;
      }
    })();
    expect(all).toBeInstanceOf(EdgelogClientError);
    expect(all).toMatchObject({ code: "UNAVAILABLE", status: 503, retriable: true });
    await fault(api, topic, 0, "up", undefined, 1);
    await fault(api, topic, 1, "up", undefined, 1);
  });

  it("describes a group with '-' for the partition's bounds and lag, and UNAVAILABLE", async () => {
    const topic = uniqueTopic();
    const groupId = uniqueTopic("g");
    await api.createTopic(topic, { partitions: 2, replicationFactor: 2 });
    await api.produce(topic, [
      { value: "a", partition: 0 },
      { value: "b", partition: 1 },
    ]);
    const offsets = [0, 1].map((partition) => ({ topic, partition, offset: 1 }));
    expect((await api.request("POST", `/v1/groups/${groupId}/offsets`, { offsets })).status).toBe(
      200,
    );
    await fault(api, topic, 0, "down", undefined, 1);
    await fault(api, topic, 1, "down", undefined, 1);
    const lines = groupText(await admin.describeGroup(groupId)).split("\n");
    expect(lines[0]).toMatch(/^Group: /);
    const cells = lines.slice(2).map((line) => line.trim().split(/\s+/));
    expect(cells[0]).toEqual([
      "TOPIC",
      "PARTITION",
      "COMMITTED",
      "LOG-START",
      "HIGH-WATERMARK",
      "LAG",
      "LAG-SEC",
      "OWNER",
      "CLIENT-ID",
      "HOST",
      "STATUS",
    ]);
    expect(cells[1]).toEqual([topic, "0", "1", "0", "1", "0", "0", "-", "-", "-", "ok"]);
    expect(cells[2]).toEqual([topic, "1", "1", "-", "-", "-", "-", "-", "-", "-", "UNAVAILABLE"]);
    await fault(api, topic, 0, "up", undefined, 1);
    await fault(api, topic, 1, "up", undefined, 1);
  });
});
