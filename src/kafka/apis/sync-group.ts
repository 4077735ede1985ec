// SyncGroup (key 14), v0–v5: the classic sync over HTTP (POST /v1/groups/:g/classic/sync). The
// leader's carries every member's assignment; each member's answer is its own, as bytes the
// leader wrote, once the leader has synced.
import type { ClassicSyncAnswer } from "../../client/classic-groups.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

export const syncGroupHandler: ApiHandler = {
  key: 14,
  name: "SyncGroup",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 4,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const groupId = request.str(flexible);
    const generationId = request.int32();
    const memberId = request.str(flexible);
    const instanceId = version >= 3 ? request.nullableStr(flexible) : null;
    const protocolType = version >= 5 ? request.nullableStr(flexible) : null;
    const protocolName = version >= 5 ? request.nullableStr(flexible) : null;
    const assignments = request.array(flexible, () => {
      const assignment = {
        memberId: request.str(flexible),
        assignmentBase64: (request.nullableBytes(flexible) ?? Buffer.alloc(0)).toString("base64"),
      };
      request.taggedFields(flexible);
      return assignment;
    });
    request.taggedFields(flexible);
    let errorCode: number = KAFKA_ERROR.NONE;
    let answer: ClassicSyncAnswer | null = null;
    try {
      answer = await context.connection.edgelog.classicGroups().sync(groupId, {
        memberId,
        generationId,
        ...(instanceId === null ? {} : { instanceId }),
        ...(protocolType === null ? {} : { protocolType }),
        ...(protocolName === null ? {} : { protocolName }),
        assignments,
      });
    } catch (err) {
      errorCode = groupErrorOf(err);
    }
    const out = new KafkaWriter();
    if (version >= 1) out.int32(0);
    out.int16(errorCode);
    if (version >= 5) {
      out.nullableStr(flexible, answer?.protocolType ?? null);
      out.nullableStr(flexible, answer?.protocolName ?? null);
    }
    out.nullableBytes(flexible, Buffer.from(answer?.assignmentBase64 ?? "", "base64"));
    return out.taggedFields(flexible);
  },
};
