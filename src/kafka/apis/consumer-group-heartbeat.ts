// ConsumerGroupHeartbeat (key 68), v0 (KIP-848): onto edgelog's own KIP-848 coordinator. Epoch 0
// joins (POST /v1/groups/:g/members), -1 and -2 leave, any other heartbeats with what the member
// owns. Kafka sends owned partitions only when they change (null otherwise) while edgelog's
// heartbeat takes them every time: the gateway remembers the last list per member, and after a
// restart asks the group for what the member was granted.
import type { Edgelog } from "../../client/edgelog.js";
import { apiPath } from "../../client/transport.js";
import { KAFKA_OWNED_REMEMBERED_MAX } from "../../protocol/limits.js";
import type { GroupDescription, TopicPartitions } from "../../protocol/types.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

interface MemberAnswer {
  memberId: string;
  memberEpoch: number;
  assignment: TopicPartitions[];
  heartbeatIntervalMs: number;
}

/** Member id → what it last said it owns, oldest first; bounded, a cache only. */
const ownedByMember = new Map<string, TopicPartitions[]>();

function rememberOwned(memberId: string, owned: TopicPartitions[]): void {
  ownedByMember.delete(memberId);
  ownedByMember.set(memberId, owned);
  if (ownedByMember.size > KAFKA_OWNED_REMEMBERED_MAX) {
    const oldest = ownedByMember.keys().next().value;
    if (oldest !== undefined) ownedByMember.delete(oldest);
  }
}

async function ownedOf(edgelog: Edgelog, groupId: string, memberId: string) {
  const known = ownedByMember.get(memberId);
  if (known !== undefined) return known;
  const group: GroupDescription = await edgelog.admin().describeGroup(groupId);
  return group.members.find((m) => m.memberId === memberId)?.assignment ?? [];
}

async function namesOf(
  context: RequestContext,
  partitions: Array<{ topicId: Buffer; partitions: number[] }>,
): Promise<TopicPartitions[]> {
  const named: TopicPartitions[] = [];
  for (const p of partitions) {
    const topic = await context.topicIds.nameOf(p.topicId, context.connection.edgelog);
    if (topic !== null) named.push({ topic, partitions: p.partitions });
  }
  return named;
}

export const consumerGroupHeartbeatHandler: ApiHandler = {
  key: 68,
  name: "ConsumerGroupHeartbeat",
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  async handle(request: KafkaReader, context: RequestContext) {
    const groupId = request.compactString();
    const memberId = request.compactString();
    const memberEpoch = request.int32();
    const instanceId = request.compactNullableString();
    request.compactNullableString(); // rack: edgelog's assignors do not place by rack
    const rebalanceTimeoutMs = request.int32();
    const topics = request.nullableArray(true, () => request.compactString());
    const assignor = request.compactNullableString();
    const owned = request.nullableArray(true, () => {
      const entry = {
        topicId: request.uuid(),
        partitions: request.array(true, () => request.int32()),
      };
      request.taggedFields(true);
      return entry;
    });
    request.taggedFields(true);
    const { edgelog } = context.connection;
    const group = (...rest: string[]) => apiPath("groups", groupId, "members", ...rest);
    let errorCode: number = KAFKA_ERROR.NONE;
    let answer: MemberAnswer | null = null;
    try {
      if (memberEpoch === 0) {
        answer = await edgelog.transport.request<MemberAnswer>("POST", group(), {
          body: {
            topics: topics ?? [],
            ...(rebalanceTimeoutMs > 0 ? { rebalanceTimeoutMs } : {}),
            ...(assignor === "range" ? { assignor } : {}),
            ...(instanceId === null ? {} : { instanceId }),
            ...(context.header.clientId ? { clientId: context.header.clientId } : {}),
          },
        });
      } else if (memberEpoch < 0) {
        await edgelog.transport.request("DELETE", group(memberId));
        ownedByMember.delete(memberId);
      } else {
        const held =
          owned === null
            ? await ownedOf(edgelog, groupId, memberId)
            : await namesOf(context, owned);
        rememberOwned(memberId, held);
        answer = await edgelog.transport.request<MemberAnswer>(
          "POST",
          group(memberId, "heartbeat"),
          {
            body: { memberEpoch, owned: held, ...(topics === null ? {} : { topics }) },
          },
        );
        answer.memberId = memberId;
      }
    } catch (err) {
      errorCode = groupErrorOf(err);
    }
    const out = new KafkaWriter();
    out.int32(0).int16(errorCode).nullableStr(true, null);
    out.nullableStr(true, answer?.memberId ?? (memberEpoch === 0 ? null : memberId));
    out.int32(
      answer?.memberEpoch ?? (memberEpoch < 0 && errorCode === KAFKA_ERROR.NONE ? memberEpoch : 0),
    );
    out.int32(answer?.heartbeatIntervalMs ?? 0);
    if (answer === null) out.int8(-1);
    else {
      out.int8(1);
      const assigned: Array<{ id: Buffer; partitions: number[] }> = [];
      for (const a of answer.assignment) {
        const id = await context.topicIds.idOf(a.topic, edgelog);
        if (id !== null) assigned.push({ id, partitions: a.partitions });
      }
      out.array(true, assigned, (a) => {
        out
          .raw(a.id)
          .array(true, a.partitions, (p) => out.int32(p))
          .taggedFields(true);
      });
      out.taggedFields(true);
    }
    return out.taggedFields(true);
  },
};
