// What the coordinator derives from its member records, without touching storage: a new group's
// meta, when a member is out, the group's state, the heartbeat interval, and partition lists.
import { HEARTBEAT_INTERVAL_MS_MAX } from "../protocol/limits.js";
import type { AssignorName, TopicPartitions } from "../protocol/types.js";
import { type PartitionKey, parsePartitionKey, partitionKey } from "./assignors.js";
import type { GroupState, JoinInput } from "./group-rpc.js";
import type { GroupMeta, Member } from "./group-store.js";

/** Who a joining member is: its client id and address, refreshed on every join. */
export function whoIs(input: JoinInput): Pick<Member, "clientId" | "host"> {
  return { clientId: input.clientId, host: input.host };
}

export function newMeta(groupId: string, assignor: AssignorName, now: number): GroupMeta {
  return {
    groupId,
    groupEpoch: 0,
    assignor,
    partitionCounts: {},
    countsCheckedAt: now,
    createdAt: now,
  };
}

/** A third of the session, at most 5 s (KIP-848's default interval). */
export function heartbeatInterval(sessionTimeoutMs: number): number {
  return Math.min(HEARTBEAT_INTERVAL_MS_MAX, Math.floor(sessionTimeoutMs / 3));
}

/** When a member is out: its session ran out, or it kept revoked partitions too long. */
export function deadlineOf(member: Member): number {
  return member.revokeDeadline === 0
    ? member.expiresAt
    : Math.min(member.expiresAt, member.revokeDeadline);
}

export function stateOf(members: Member[]): GroupState {
  if (members.length === 0) return "Empty";
  const settled = members.every(
    (m) => sameKeys(m.granted, m.target) && (m.departed || sameKeys(m.owned, m.granted)),
  );
  return settled ? "Stable" : "Reconciling";
}

export function keysOf(list: TopicPartitions[]): PartitionKey[] {
  return list.flatMap(({ topic, partitions }) => partitions.map((p) => partitionKey(topic, p)));
}

/** Partition keys grouped by topic, partitions ascending, topics by name. */
export function byTopic(keys: PartitionKey[]): TopicPartitions[] {
  const topics = new Map<string, number[]>();
  for (const key of keys) {
    const { topic, partition } = parsePartitionKey(key);
    topics.set(topic, [...(topics.get(topic) ?? []), partition]);
  }
  return [...topics.keys()]
    .sort()
    .map((topic) => ({ topic, partitions: (topics.get(topic) ?? []).sort((a, b) => a - b) }));
}

export function sameKeys(a: PartitionKey[], b: PartitionKey[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((key) => set.has(key));
}

export function sameTopics(a: string[], b: string[]): boolean {
  return sameKeys(a, b);
}
