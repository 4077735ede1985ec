// Heartbeat (key 12), v0–v4: the classic heartbeat over HTTP (POST /v1/groups/:g/classic/
// heartbeat); REBALANCE_IN_PROGRESS tells the member to rejoin.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

export const heartbeatHandler: ApiHandler = {
  key: 12,
  name: "Heartbeat",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const groupId = request.str(flexible);
    const generationId = request.int32();
    const memberId = request.str(flexible);
    const instanceId = version >= 3 ? request.nullableStr(flexible) : null;
    request.taggedFields(flexible);
    let errorCode: number = KAFKA_ERROR.NONE;
    try {
      await context.connection.edgelog.classicGroups().heartbeat(groupId, {
        memberId,
        generationId,
        ...(instanceId === null ? {} : { instanceId }),
      });
    } catch (err) {
      errorCode = groupErrorOf(err);
    }
    const out = new KafkaWriter();
    if (version >= 1) out.int32(0);
    return out.int16(errorCode).taggedFields(flexible);
  },
};
