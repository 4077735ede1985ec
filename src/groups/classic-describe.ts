// A classic group as `GET /v1/groups/:g` shows it: Kafka's state names and, for consumers
// (protocol type "consumer"), each member's topics and partitions read from its opaque bytes.
import type { ClassicMemberDescription } from "../protocol/types.js";
import type { ClassicGroup, ClassicMember } from "./classic-group.js";
import { assignmentPartitions, subscriptionTopics } from "./consumer-protocol.js";
import type { ClassicDescription } from "./group-rpc.js";
import type { CommittedOffset } from "./group-store.js";

export function describeClassic(
  groupId: string,
  group: ClassicGroup,
  offsets: CommittedOffset[],
): ClassicDescription {
  return {
    ok: true,
    groupId,
    groupType: "classic",
    protocolType: group.protocolType,
    state: group.state,
    generationId: group.generationId,
    protocolName: group.protocolName,
    leaderId: group.leaderId,
    members: group.members.map((m) => describeMember(group, m)),
    offsets,
  };
}

function describeMember(group: ClassicGroup, m: ClassicMember): ClassicMemberDescription {
  // Before a protocol is chosen, the member's first choice says what it subscribes to.
  const chosen = m.protocols.find((p) => p.name === group.protocolName) ?? m.protocols[0];
  const metadataBase64 = chosen?.metadataBase64 ?? "";
  const consumer = group.protocolType === "consumer";
  return {
    memberId: m.memberId,
    instanceId: m.instanceId,
    clientId: m.clientId,
    host: m.host,
    sessionTimeoutMs: m.sessionTimeoutMs,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    topics: (consumer ? subscriptionTopics(metadataBase64) : null) ?? [],
    assignment: (consumer ? assignmentPartitions(m.assignmentBase64) : null) ?? [],
    assignmentBase64: m.assignmentBase64,
    metadataBase64: group.protocolName === null ? "" : metadataBase64,
  };
}
