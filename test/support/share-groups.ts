// Share-group calls for the protocol suite and the workerd tests (design/delivery.md).
import type { Api } from "./api.js";

export interface LeasedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key?: string | null;
  value?: unknown;
  headers: Record<string, string>;
  deliveryCount: number;
  leaseId: string;
}

export interface AckOutcome {
  topic: string;
  partition: number;
  offset: number;
  ok: boolean;
  error?: { code: string; message: string };
}

export interface SharePartitionView {
  topic: string;
  partition: number;
  startOffset: number;
  endOffset: number;
  leased: number;
  available: number;
  archived: number;
}

export interface ShareGroupView {
  groupId: string;
  config: Record<string, unknown>;
  partitions: SharePartitionView[];
  lagRecords: number;
}

export function putShareGroup(api: Api, group: string, config: Record<string, unknown>) {
  return api.request<Record<string, unknown>>("PUT", `/v1/share-groups/${group}`, config);
}

export function describeShareGroup(api: Api, group: string) {
  return api.request<ShareGroupView>("GET", `/v1/share-groups/${group}`);
}

export function leaseRecords(api: Api, group: string, body: Record<string, unknown> = {}) {
  return api.request<{ records: LeasedRecord[]; leaseExpiresAt: number | null }>(
    "POST",
    `/v1/share-groups/${group}/records`,
    body,
  );
}

export function ack(api: Api, group: string, records: LeasedRecord[], type: string) {
  const acks = records.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    leaseId: r.leaseId,
    type,
  }));
  return api.request<{ results: AckOutcome[] }>("POST", `/v1/share-groups/${group}/acks`, { acks });
}

/** A topic of `records` string values "v0", "v1", … and a share group reading it from the start. */
export async function seededGroup(
  api: Api,
  topic: string,
  group: string,
  records: number,
  config: Record<string, unknown> = {},
  partitions = 1,
) {
  await api.createTopic(topic, { partitions });
  for (let from = 0; from < records; from += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, records - from) }, (_, i) => ({
      value: `v${from + i}`,
      partition: (from + i) % partitions,
    }));
    const produced = await api.produce(topic, batch);
    if (produced.status !== 200) throw new Error(`produce answered ${produced.status}`);
  }
  const created = await putShareGroup(api, group, {
    topics: [topic],
    startAt: "earliest",
    ...config,
  });
  if (created.status !== 201)
    throw new Error(`PUT answered ${created.status}: ${JSON.stringify(created.body)}`);
}
