// Helpers for replication tests: faults, topic descriptions, replica offsets, a seeded PRNG.
import type { Answer, Api } from "./api.js";

export interface PartitionView {
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
}

export function fault(
  api: Api,
  topic: string,
  replica: number,
  kind: "down" | "up" | "delay",
  delayMs?: number,
  partition = 0,
): Promise<Answer<Record<string, unknown>>> {
  const body: Record<string, unknown> = { topic, partition, replica, fault: kind };
  if (delayMs !== undefined) body.delayMs = delayMs;
  return api.request("POST", "/v1/admin/faults", body);
}

export async function describePartition(
  api: Api,
  topic: string,
  partition = 0,
): Promise<PartitionView> {
  const answer = await api.request<{ partitions: PartitionView[] }>("GET", `/v1/topics/${topic}`);
  if (answer.status !== 200) throw new Error(`describe answered ${answer.status}`);
  return answer.body.partitions[partition] as PartitionView;
}

export async function replicaOffsets(api: Api, topic: string, replica: number, partition = 0) {
  return api.request<{ logStartOffset: number; highWatermark: number; logEndOffset: number }>(
    "GET",
    `/v1/topics/${topic}/partitions/${partition}/offsets?replica=${replica}`,
  );
}

/** A small seeded PRNG (mulberry32), so chaos runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
