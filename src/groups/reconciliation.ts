// KIP-848's two steps on member records: rebalance gives every member a new target, and
// reconcile grants a member the part of its target that no other member still holds.
import { assign, type PartitionKey } from "./assignors.js";
import type { GroupMeta, Member } from "./group-store.js";
import { sameKeys } from "./member-state.js";

/** New target assignment for everyone: a new group epoch (KIP-848). */
export function rebalance(meta: GroupMeta, members: Member[]): void {
  meta.groupEpoch++;
  const target = assign(
    meta.assignor,
    members.map((m) => ({ memberId: m.memberId, topics: m.topics, previous: m.target })),
    meta.partitionCounts,
  );
  for (const m of members) m.target = target.get(m.memberId) ?? [];
}

/**
 * What `member` may own now: its target, less what another member still holds (granted, or
 * listed as owned in its last heartbeat). Its epoch moves when that changes.
 */
export function reconcile(member: Member, members: Member[], now: number): void {
  const heldByOthers = new Set<PartitionKey>();
  for (const other of members) {
    if (other === member) continue;
    for (const key of other.granted) heldByOthers.add(key);
    for (const key of other.owned) heldByOthers.add(key);
  }
  const mine = new Set([...member.granted, ...member.owned]);
  const granted = member.target.filter((key) => mine.has(key) || !heldByOthers.has(key));
  if (!sameKeys(granted, member.granted)) member.memberEpoch++;
  member.granted = granted;
  // A member still holding partitions it was asked to give up must do so within its
  // rebalance timeout, or it is removed like an expired one.
  const revoking = member.owned.some((key) => !granted.includes(key));
  if (!revoking) member.revokeDeadline = 0;
  else if (member.revokeDeadline === 0) member.revokeDeadline = now + member.rebalanceTimeoutMs;
}
