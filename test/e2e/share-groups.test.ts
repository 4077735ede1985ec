// Share groups against a real `wrangler dev` (one for the file): the protocol suite, accepted
// records never delivered again after a stop and start, while unfinished ones come back once their lease
// expires; and the built CLI creates, describes, consumes (accepting or rejecting), lists and
// deletes share groups.
import { beforeAll, describe, expect, it } from "vitest";
import { shareGroupsSuite } from "../protocol/share-groups.suite.js";
import { Api, uniqueTopic } from "../support/api.js";
import { buildPackage, type CliResult, runCli } from "../support/cli.js";
import { ack, describeShareGroup, leaseRecords, seededGroup } from "../support/share-groups.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const server = wranglerDevForFile("edgelog-share-");
const api = new Api((request) =>
  fetch(request.url.replace("http://edgelog.test", server.current().base), request),
);

function edgelog(command: string): Promise<CliResult> {
  return runCli(command.split(" "), { env: { EDGELOG_URL: server.current().base } });
}

async function ok(command: string): Promise<string> {
  const result = await edgelog(command);
  expect(result.stderr, command).toBe("");
  expect(result.status, command).toBe(0);
  return result.stdout;
}

beforeAll(buildPackage, 60_000);

shareGroupsSuite(api);

describe("share groups across a wrangler dev restart", () => {
  it("never delivers an accepted record again; unfinished ones return when their lease expires", async () => {
    const topic = uniqueTopic();
    const group = uniqueTopic("sg");
    await seededGroup(api, topic, group, 50, { leaseMs: 1_000 });
    const leased = (await leaseRecords(api, group, { maxRecords: 50 })).body.records;
    expect(leased).toHaveLength(50);
    const acked = await ack(api, group, leased.slice(0, 30), "accept");
    expect(acked.body.results.every((r) => r.ok)).toBe(true);
    await server.restart();
    const again: number[] = [];
    for (let polls = 0; again.length < 20 && polls < 10; polls++) {
      const answer = await leaseRecords(api, group, { maxRecords: 50, waitMs: 5_000 });
      expect(answer.status).toBe(200);
      expect(answer.body.records.every((r) => r.deliveryCount === 2)).toBe(true);
      again.push(...answer.body.records.map((r) => r.offset));
      await ack(api, group, answer.body.records, "accept");
    }
    expect(again.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 30 + i));
    const view = (await describeShareGroup(api, group)).body;
    expect(view.partitions[0]).toMatchObject({ startOffset: 50, leased: 0, available: 0 });
  });
});

describe("edgelog share-groups", () => {
  it("creates, describes, consumes (accepting, then rejecting to dead letters), lists and deletes", async () => {
    const topic = uniqueTopic();
    const dead = uniqueTopic("dlt");
    const group = uniqueTopic("sg");
    await api.createTopic(topic);
    await api.createTopic(dead);
    await api.produce(
      topic,
      ["a", "b", "c", "d"].map((value) => ({ value })),
    );
    const created = await ok(
      `share-groups create ${group} --topic ${topic} --start-at earliest --dead-letter-topic ${dead}`,
    );
    expect(created).toBe(`share group ${group} reads ${topic}\n`);
    const described = await ok(`share-groups describe ${group}`);
    expect(described).toContain("4 records to go");
    expect(described).toMatch(/START\s+END\s+LEASED\s+AVAILABLE\s+ARCHIVED/);
    expect(await ok(`share-groups consume ${group} --max-messages 2`)).toBe("a\nb\n");
    expect(await ok(`share-groups consume ${group} --reject`)).toBe("c\nd\n");
    const letters = await api.fetchAll(dead, 0);
    expect(letters.map((r) => [r.value, r.headers["edgelog-dead-reason"]])).toEqual([
      ["c", "rejected"],
      ["d", "rejected"],
    ]);
    const listed = JSON.parse(await ok("share-groups list --json")) as Array<{ groupId: string }>;
    expect(listed.map((g) => g.groupId)).toContain(group);
    expect(await ok(`share-groups delete ${group}`)).toBe(`deleted share group ${group}\n`);
    const gone = await edgelog(`share-groups describe ${group}`);
    expect(gone.status).toBe(1);
    expect(gone.stderr).toMatch(/^edgelog: GROUP_NOT_FOUND: /);
  });
});
