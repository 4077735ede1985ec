// Helpers for retention and compaction tests: a partition replica's object, its status, and its
// alarm run until a condition holds (runDurableObjectAlarm, never a sleep).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { PartitionReplicaRpc, ReplicaStatus } from "../../src/log/partition-rpc.js";
import type { Env } from "../../workers/env.js";
import type { Api } from "./api.js";

export function replicaObject(topic: string, partition: number, replica: number) {
  return (env as unknown as Env).PARTITIONS.getByName(`${topic}/${partition}/${replica}`);
}

export async function topicIdOf(api: Api, topic: string): Promise<string> {
  const described = await api.request<{ topicId: string }>("GET", `/v1/topics/${topic}`);
  return described.body.topicId;
}

export async function replicaStatus(
  topic: string,
  topicId: string,
  replica: number,
  partition = 0,
): Promise<ReplicaStatus> {
  const stub = replicaObject(topic, partition, replica) as unknown as PartitionReplicaRpc;
  const status = await stub.status(topicId);
  if (!status.ok) throw new Error(`status answered ${status.error.code}`);
  return status;
}

/**
 * Runs the replica's alarm until `done` holds, at most `runsMax` times; returns the runs it
 * took. Alarms also fire on their own (an alarm set for now runs at once), so when none is left
 * to run, `done` gets one more look before this fails.
 */
export async function runAlarmsUntil(
  topic: string,
  replica: number,
  done: () => Promise<boolean>,
  runsMax = 20,
  partition = 0,
): Promise<number> {
  for (let runs = 0; runs <= runsMax; runs++) {
    if (await done()) return runs;
    if (runs === runsMax) break;
    const ran = await runDurableObjectAlarm(replicaObject(topic, partition, replica));
    if (!ran && !(await done())) {
      throw new Error(`replica ${replica} has no alarm set, and the condition is unmet`);
    }
  }
  throw new Error(`the condition is unmet after ${runsMax} alarm runs`);
}
