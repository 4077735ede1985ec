// DescribeGroups (key 15), v0–v5: each group as GET /v1/groups/:g has it. A classic group answers
// Kafka's state, protocol and members with their metadata and assignment bytes; a KIP-848 group
// its state and members (no classic bytes: its assignment is the coordinator's); an unknown
// group is Dead with no members, as Kafka answers.
import type { GroupDescription } from "../../protocol/types.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

/** Kafka's "not asked for" authorized operations (INT32_MIN). */
const OPERATIONS_UNKNOWN = -(2 ** 31);

interface Described {
  groupId: string;
  errorCode: number;
  group: GroupDescription | null;
}

async function describe(context: RequestContext, groupId: string): Promise<Described> {
  try {
    const group = await context.connection.edgelog.admin().describeGroup(groupId);
    return { groupId, errorCode: KAFKA_ERROR.NONE, group };
  } catch (err) {
    const errorCode = groupErrorOf(err);
    if (errorCode === KAFKA_ERROR.GROUP_ID_NOT_FOUND) {
      return { groupId, errorCode: KAFKA_ERROR.NONE, group: null };
    }
    return { groupId, errorCode, group: null };
  }
}

interface MemberRow {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  host: string;
  metadata: Buffer;
  assignment: Buffer;
}

function membersOf(group: GroupDescription | null): MemberRow[] {
  if (group === null) return [];
  const who = (m: {
    memberId: string;
    instanceId: string | null;
    clientId: string | null;
    host: string | null;
  }) => ({
    memberId: m.memberId,
    instanceId: m.instanceId,
    clientId: m.clientId ?? "",
    host: m.host ?? "",
  });
  if (group.groupType === "consumer") {
    return group.members.map((m) => ({
      ...who(m),
      metadata: Buffer.alloc(0),
      assignment: Buffer.alloc(0),
    }));
  }
  return group.members.map((m) => ({
    ...who(m),
    metadata: Buffer.from(m.metadataBase64, "base64"),
    assignment: Buffer.from(m.assignmentBase64, "base64"),
  }));
}

export const describeGroupsHandler: ApiHandler = {
  key: 15,
  name: "DescribeGroups",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 5,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const groupIds = request.array(flexible, () => request.str(flexible));
    if (version >= 3) request.bool();
    request.taggedFields(flexible);
    const described = await Promise.all(groupIds.map((g) => describe(context, g)));
    const out = new KafkaWriter();
    if (version >= 1) out.int32(0);
    out.array(flexible, described, ({ groupId, errorCode, group }) => {
      const classic = group?.groupType === "classic" ? group : null;
      out
        .int16(errorCode)
        .str(flexible, groupId)
        .str(flexible, group?.state ?? "Dead");
      out.str(flexible, classic?.protocolType ?? (group === null ? "" : "consumer"));
      out.str(flexible, classic?.protocolName ?? "");
      out.array(flexible, membersOf(group), (m) => {
        out.str(flexible, m.memberId);
        if (version >= 4) out.nullableStr(flexible, m.instanceId);
        out.str(flexible, m.clientId).str(flexible, m.host);
        out.nullableBytes(flexible, m.metadata).nullableBytes(flexible, m.assignment);
        out.taggedFields(flexible);
      });
      if (version >= 3) out.int32(OPERATIONS_UNKNOWN);
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
