// Server-side assignors (KIP-848): from members' subscriptions and topics' partition counts to a
// target assignment. Pure and deterministic: the same input always gives the same output.

import type { AssignorName } from "../protocol/types.js";

/** A partition as the key `topic/partition` (topic names cannot contain "/"). */
export type PartitionKey = string;

export function partitionKey(topic: string, partition: number): PartitionKey {
  return `${topic}/${partition}`;
}

export function parsePartitionKey(key: PartitionKey): { topic: string; partition: number } {
  const slash = key.lastIndexOf("/");
  return { topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)) };
}

export interface AssignorMember {
  memberId: string;
  topics: string[];
  /** The member's previous target, for stickiness. */
  previous: PartitionKey[];
}

/** memberId → the partitions it should own. */
export type Assignment = Map<string, PartitionKey[]>;

export function assign(
  assignor: AssignorName,
  members: AssignorMember[],
  partitionCounts: Record<string, number>,
): Assignment {
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  if (assignor === "range") return rangeAssign(sorted, partitionCounts);
  if (assignor === "roundrobin") return roundRobinAssign(sorted, partitionCounts);
  return stickyAssign(sorted, partitionCounts);
}

function emptyAssignment(members: AssignorMember[]): Assignment {
  return new Map(members.map((m) => [m.memberId, []]));
}

function subscribedTopics(members: AssignorMember[], counts: Record<string, number>): string[] {
  const topics = new Set(members.flatMap((m) => m.topics));
  return [...topics].filter((t) => (counts[t] ?? 0) > 0).sort();
}

/** Kafka's range: per topic, contiguous ranges; the first members get one more. */
function rangeAssign(members: AssignorMember[], counts: Record<string, number>): Assignment {
  const result = emptyAssignment(members);
  for (const topic of subscribedTopics(members, counts)) {
    const subscribers = members.filter((m) => m.topics.includes(topic));
    const count = counts[topic] as number;
    const base = Math.floor(count / subscribers.length);
    const extra = count % subscribers.length;
    let next = 0;
    subscribers.forEach((member, i) => {
      const size = base + (i < extra ? 1 : 0);
      for (let p = next; p < next + size; p++)
        result.get(member.memberId)?.push(partitionKey(topic, p));
      next += size;
    });
  }
  return result;
}

/** Kafka's round robin: all partitions in order, dealt to subscribed members in turn. */
function roundRobinAssign(members: AssignorMember[], counts: Record<string, number>): Assignment {
  const result = emptyAssignment(members);
  let turn = 0;
  for (const topic of subscribedTopics(members, counts)) {
    for (let p = 0; p < (counts[topic] as number); p++) {
      for (let tries = 0; tries < members.length; tries++) {
        const member = members[turn++ % members.length] as AssignorMember;
        if (member.topics.includes(topic)) {
          result.get(member.memberId)?.push(partitionKey(topic, p));
          break;
        }
      }
    }
  }
  return result;
}

/**
 * Cooperative sticky: members keep as much of their previous target as balance allows (at most
 * one more than the even share, and only as many members above it as the remainder permits);
 * everything else goes to the subscribed member holding the fewest. Only what must move, moves.
 */
function stickyAssign(members: AssignorMember[], counts: Record<string, number>): Assignment {
  const result = emptyAssignment(members);
  const all = subscribedTopics(members, counts).flatMap((topic) =>
    Array.from({ length: counts[topic] as number }, (_, p) => partitionKey(topic, p)),
  );
  const valid = new Set(all);
  const taken = new Set<PartitionKey>();
  const base = members.length === 0 ? 0 : Math.floor(all.length / members.length);
  let extra = members.length === 0 ? 0 : all.length % members.length;
  for (const member of members) {
    const keep = member.previous.filter((key) => {
      const { topic } = parsePartitionKey(key);
      return valid.has(key) && !taken.has(key) && member.topics.includes(topic);
    });
    let quota = base;
    if (keep.length > base && extra > 0) {
      quota++;
      extra--;
    }
    for (const key of keep.slice(0, quota)) {
      result.get(member.memberId)?.push(key);
      taken.add(key);
    }
  }
  for (const key of all) {
    if (taken.has(key)) continue;
    const { topic } = parsePartitionKey(key);
    let best: AssignorMember | undefined;
    for (const member of members) {
      if (!member.topics.includes(topic)) continue;
      const size = result.get(member.memberId)?.length ?? 0;
      if (best === undefined || size < (result.get(best.memberId)?.length ?? 0)) best = member;
    }
    if (best !== undefined) {
      result.get(best.memberId)?.push(key);
      taken.add(key);
    }
  }
  return result;
}
