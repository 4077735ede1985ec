// Which protocol a classic group speaks: a joining member must share the group's protocol type
// and at least one protocol with every other member, and the join phase's end picks the one
// Kafka would pick.
import { EdgelogError } from "../protocol/errors.js";
import type {
  ClassicGroup,
  ClassicJoinInput,
  ClassicMember,
  ClassicProtocol,
} from "./classic-group.js";

/**
 * Kafka's choice: among the protocols every member supports, each member votes for the one it
 * prefers most; the most votes win, ties going to the first member's preference.
 */
export function selectProtocol(members: ClassicMember[]): string {
  const candidates = commonProtocols(members);
  const votes = new Map<string, number>();
  for (const m of members) {
    const choice = m.protocols.find((p) => candidates.includes(p.name));
    if (choice !== undefined) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const name of candidates) {
    if (best === null || (votes.get(name) ?? 0) > (votes.get(best) ?? 0)) best = name;
  }
  if (best === null) throw new Error("invariant: joined members share no protocol");
  return best;
}

/** Protocol names every member offers, in the first member's order of preference. */
function commonProtocols(members: ClassicMember[]): string[] {
  const [first, ...rest] = members;
  if (first === undefined) return [];
  return first.protocols
    .map((p) => p.name)
    .filter((name) => rest.every((m) => m.protocols.some((p) => p.name === name)));
}

/** A joining member must speak the group's protocol type and share a protocol with all others. */
export function checkProtocols(group: ClassicGroup, input: ClassicJoinInput): void {
  const others = group.members.filter((m) => m.memberId !== input.memberId);
  if (others.length === 0) return;
  const common = commonProtocols(others);
  if (
    input.protocolType !== group.protocolType ||
    !input.protocols.some((p) => common.includes(p.name))
  ) {
    throw new EdgelogError(
      "GROUP_PROTOCOL_MISMATCH",
      `group members use protocol type ${group.protocolType} with ${common.join(", ")}`,
    );
  }
}

export function sameProtocols(a: ClassicProtocol[], b: ClassicProtocol[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.name === b[i]?.name && p.metadataBase64 === b[i]?.metadataBase64)
  );
}
