// What a group coordinator needs from its host object, and the checks every group operation
// shares: the topics exist, the group exists, the member is in it.
import type { Sql, Transaction } from "../log/sql.js";
import { EdgelogError } from "../protocol/errors.js";
import type { GroupMeta, GroupStore, Member } from "./group-store.js";

export interface GroupDeps {
  sql: Sql;
  transaction: Transaction;
  now(): number;
  /** Partition counts of topics; null for a topic that does not exist. */
  partitionCounts(topics: string[]): Promise<Record<string, number | null>>;
  /**
   * Records the group in the catalog's list, once, when it is created or deleted; throws
   * GROUP_PROTOCOL_MISMATCH when a share group holds the name.
   */
  register(groupId: string, exists: boolean): Promise<void>;
  /** Asks for an alarm at `at` (the earliest session expiry), or none. */
  setAlarm(at: number | null): Promise<void>;
}

/** Partition counts of `topics`; TOPIC_NOT_FOUND for the first that does not exist. */
export async function requireTopics(
  deps: GroupDeps,
  topics: string[],
): Promise<Record<string, number>> {
  const counts = await deps.partitionCounts(topics);
  const result: Record<string, number> = {};
  for (const topic of topics) {
    const count = counts[topic];
    if (count === null || count === undefined) {
      throw new EdgelogError("TOPIC_NOT_FOUND", `topic ${topic} does not exist`, { topic });
    }
    result[topic] = count;
  }
  return result;
}

export function requireMeta(store: GroupStore): GroupMeta {
  const meta = store.loadMeta();
  if (meta === null) throw new EdgelogError("GROUP_NOT_FOUND", "no such consumer group");
  return meta;
}

export function requireMember(members: Member[], memberId: string): Member {
  const member = members.find((m) => m.memberId === memberId && !m.departed);
  if (member === undefined) {
    throw new EdgelogError("UNKNOWN_MEMBER", `no member ${memberId} in this group`);
  }
  return member;
}

export function fenced(message: string): EdgelogError {
  return new EdgelogError("FENCED_MEMBER_EPOCH", message);
}

/** A new group is listed by the catalog before it holds anything (idempotent). */
export async function registerOnce(
  deps: GroupDeps,
  store: GroupStore,
  groupId: string,
): Promise<void> {
  if (store.loadMeta() === null) await deps.register(groupId, true);
}
