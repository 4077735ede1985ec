// An SDK consumer in a group whose topic has one partition with every replica down (issue 14):
// the group's offsets still answer, that partition's row degraded, so the healthy partition's
// reader starts at once and only the down partition's reader waits; disconnect() is prompt.
// Before, the start-offset lookup failed as a whole and every reader of the group stalled on it
// through the SDK's retries (~80 s in the reported fault phase).
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Consumer } from "../../src/client/consumer.js";
import { settlesWithin } from "../../src/client/consumer-sync.js";
import { RETRY_DEFAULTS } from "../../src/client/retry.js";
import { Transport } from "../../src/client/transport.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { fault } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

/** Well under the old stall, and the bound on the healthy partition's first record. */
const PROMPT_MS = 10_000;

const transport = new Transport({
  url: "http://edgelog.test",
  fetch: (request) => exports.default.fetch(request),
});

/** A 2-partition topic, replicated twice, with `values[p]` produced to partition p. */
async function topicWith(values: [string[], string[]]): Promise<string> {
  const topic = uniqueTopic();
  await api.createTopic(topic, { partitions: 2, replicationFactor: 2 });
  for (const [partition, list] of values.entries()) {
    await api.produce(
      topic,
      list.map((value) => ({ value, partition })),
    );
  }
  return topic;
}

async function partitionDown(topic: string, partition: number, kind: "down" | "up") {
  for (const replica of [0, 1]) {
    const answer = await fault(api, topic, replica, kind, undefined, partition);
    expect(answer.status).toBeLessThan(300);
  }
}

/** A running group member over `topic` from its beginning; `seen` lists "partition:value". */
async function consumeFromBeginning(topic: string, groupId: string) {
  const member = new Consumer(transport, RETRY_DEFAULTS, { groupId, fromBeginning: true });
  member.subscribe({ topics: [topic] });
  const seen: string[] = [];
  await member.run({
    eachMessage: async ({ partition, message }) => void seen.push(`${partition}:${message.value}`),
  });
  return { member, seen };
}

describe("SDK consumer with an unavailable partition", () => {
  it("reads the healthy partition at once and disconnects promptly", async () => {
    const topic = await topicWith([["a0", "a1"], ["b0"]]);
    await partitionDown(topic, 1, "down");
    const groupId = uniqueTopic("g");
    const started = Date.now();
    const { member, seen } = await consumeFromBeginning(topic, groupId);
    await eventually("partition 0's records", async () => (seen.length >= 2 ? true : undefined));
    expect(Date.now() - started).toBeLessThan(PROMPT_MS);
    expect(seen).toEqual(["0:a0", "0:a1"]);
    expect(await settlesWithin(member.disconnect(), PROMPT_MS)).toBe(true);
    await partitionDown(topic, 1, "up");
  });

  it("starts the down partition from its commit once it is back", async () => {
    const topic = await topicWith([
      ["a0", "a1"],
      ["b0", "b1"],
    ]);
    const groupId = uniqueTopic("g");
    const offsets = [0, 1].map((partition) => ({ topic, partition, offset: 1 }));
    expect((await api.request("POST", `/v1/groups/${groupId}/offsets`, { offsets })).status).toBe(
      200,
    );
    await partitionDown(topic, 1, "down");
    const started = Date.now();
    const { member, seen } = await consumeFromBeginning(topic, groupId);
    await eventually("partition 0's record", async () => (seen.length >= 1 ? true : undefined));
    expect(Date.now() - started).toBeLessThan(PROMPT_MS);
    expect(seen).toEqual(["0:a1"]);
    // Its row kept the commit: once the partition answers, it resumes there, not at the start.
    await partitionDown(topic, 1, "up");
    await eventually("partition 1's record", async () => (seen.length >= 2 ? true : undefined));
    expect(seen).toEqual(["0:a1", "1:b1"]);
    expect(await settlesWithin(member.disconnect(), PROMPT_MS)).toBe(true);
  });
});
