// Append watches (src/replication/append-watches.ts): a watcher armed on a partition is woken
// once when the high watermark passes its offset, at once told to read when it already has,
// never woken by appends it did not wait for, and still woken across a leader failover and a
// restart of the partition's objects. The watcher is WakeProbe (test/workerd/wake-probe.ts).
import { evictAllDurableObjects } from "cloudflare:test";
import { env as workerEnv } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { WatchOk } from "../../src/log/partition-rpc.js";
import type { Failure } from "../../src/protocol/errors.js";
import type { TopicMetadata } from "../../src/protocol/types.js";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { describePartition, fault } from "../support/replication.js";
import { api } from "../support/workerd-api.js";
import type { ProbeWake } from "./wake-probe.js";

const env = workerEnv as unknown as Env;

interface Probe {
  wakes(): Promise<ProbeWake[]>;
}

interface WatchRpc {
  watch(input: unknown): Promise<WatchOk | Failure>;
}

interface CatalogWatchRpc {
  getTopic(name: string): Promise<{ ok: true; topic: TopicMetadata } | Failure>;
  watchTopic(topic: string, watcher: unknown): Promise<{ ok: true } | Failure>;
}

function probe(name: string): Probe {
  if (env.WAKE_PROBES === undefined) throw new Error("WAKE_PROBES is not bound");
  return env.WAKE_PROBES.getByName(name) as unknown as Probe;
}

const catalog = () => env.CATALOG.getByName("catalog") as unknown as CatalogWatchRpc;

async function arm(topic: string, name: string, offset: number, partition = 0) {
  const found = await catalog().getTopic(topic);
  if (!found.ok) throw new Error(found.error.message);
  const assignment = found.topic.partitions[partition];
  if (assignment === undefined) throw new Error(`no partition ${partition}`);
  const leader = env.PARTITIONS.getByName(
    `${topic}/${partition}/${assignment.leader}`,
  ) as unknown as WatchRpc;
  return leader.watch({
    topicId: found.topic.topicId,
    leaderEpoch: assignment.leaderEpoch,
    watcher: { kind: "probe", name },
    offset,
  });
}

const wokenOnce = (name: string) =>
  eventually(`${name} to be woken`, async () => {
    const wakes = await probe(name).wakes();
    return wakes.length > 0 ? wakes : undefined;
  });

describe("append watches", () => {
  it("arm then append: the watcher is woken once, not again by the next append", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const a = `a-${topic}`;
    expect(await arm(topic, a, 0)).toEqual({ ok: true, armed: true, highWatermark: 0 });
    expect(await probe(a).wakes()).toEqual([]);
    await api.produce(topic, [{ value: 1 }]);
    expect(await wokenOnce(a)).toEqual([{ topic, partition: 0 }]);
    // A second watcher armed for the next record: once it is woken, that append is past, and
    // the first (one-shot) watch must not have fired again.
    const b = `b-${topic}`;
    expect(await arm(topic, b, 1)).toMatchObject({ armed: true });
    await api.produce(topic, [{ value: 2 }]);
    await wokenOnce(b);
    expect(await probe(a).wakes()).toHaveLength(1);
  });

  it("arm when the record is readable already: answered at once, nothing registered", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    await api.produce(topic, [{ value: 1 }, { value: 2 }]);
    const a = `a-${topic}`;
    expect(await arm(topic, a, 1)).toEqual({ ok: true, armed: false, highWatermark: 2 });
    const b = `b-${topic}`;
    await arm(topic, b, 2);
    await api.produce(topic, [{ value: 3 }]);
    await wokenOnce(b);
    expect(await probe(a).wakes()).toEqual([]);
  });

  it("no wake for an append that does not reach the armed offset", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const far = `far-${topic}`;
    const near = `near-${topic}`;
    await arm(topic, far, 5);
    await arm(topic, near, 0);
    await api.produce(topic, [{ value: 1 }]);
    await wokenOnce(near);
    expect(await probe(far).wakes()).toEqual([]);
    // Re-arming replaces a watcher's watch: far now waits for offset 1, the next record.
    await arm(topic, far, 1);
    await api.produce(topic, [{ value: 2 }]);
    await wokenOnce(far);
  });

  it("only the leader of the caller's epoch arms a watch", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { replicationFactor: 2 });
    const found = await catalog().getTopic(topic);
    if (!found.ok) throw new Error(found.error.message);
    const follower = env.PARTITIONS.getByName(`${topic}/0/1`) as unknown as WatchRpc;
    const answer = await follower.watch({
      topicId: found.topic.topicId,
      leaderEpoch: 0,
      watcher: { kind: "probe", name: "x" },
      offset: 0,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: "NOT_LEADER" } });
    const unknownKind = await arm(topic, "x", 0).then(() =>
      (env.PARTITIONS.getByName(`${topic}/0/0`) as unknown as WatchRpc).watch({
        topicId: found.topic.topicId,
        leaderEpoch: 0,
        watcher: { kind: "nope", name: "x" },
        offset: 0,
      }),
    );
    expect(unknownKind).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST" } });
  });

  it("a watcher armed before a leader failover is woken by the next append", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic, { replicationFactor: 3, minInsyncReplicas: 2, replicaLagMs: 500 });
    await api.produce(topic, [{ value: "a" }]);
    const watcher = `w-${topic}`;
    expect(await catalog().watchTopic(topic, { kind: "probe", name: watcher })).toEqual({
      ok: true,
    });
    expect(await arm(topic, watcher, 1)).toMatchObject({ armed: true });
    await fault(api, topic, 0, "down");
    expect((await api.produce(topic, [{ value: "b" }])).status).toBe(200);
    expect((await describePartition(api, topic)).leader).not.toBe(0);
    expect(await wokenOnce(watcher)).toContainEqual({ topic, partition: 0 });
    await fault(api, topic, 0, "up");
  });

  it("adding partitions wakes the topic's watchers for the new ones", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const watcher = `w-${topic}`;
    await catalog().watchTopic(topic, { kind: "probe", name: watcher });
    expect((await api.request("PATCH", `/v1/topics/${topic}`, { partitions: 2 })).status).toBe(200);
    expect(await wokenOnce(watcher)).toEqual([{ topic, partition: 1 }]);
  });

  it("an armed watch survives a restart of the partition's objects", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const watcher = `w-${topic}`;
    await arm(topic, watcher, 0);
    await evictAllDurableObjects();
    await api.produce(topic, [{ value: 1 }]);
    expect(await wokenOnce(watcher)).toEqual([{ topic, partition: 0 }]);
  });
});
