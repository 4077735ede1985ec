// LeaveGroup (key 13), v0–v5: each member leaves over HTTP (POST /v1/groups/:g/classic/leave);
// v3+ names several members (by member id, or a static member by its instance id alone) and
// answers each one's outcome.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

interface Leaving {
  memberId: string;
  instanceId: string | null;
}

export const leaveGroupHandler: ApiHandler = {
  key: 13,
  name: "LeaveGroup",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 4,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const groupId = request.str(flexible);
    let leaving: Leaving[];
    if (version <= 2) {
      leaving = [{ memberId: request.str(flexible), instanceId: null }];
    } else {
      leaving = request.array(flexible, () => {
        const member = {
          memberId: request.str(flexible),
          instanceId: request.nullableStr(flexible),
        };
        if (version >= 5) request.nullableStr(flexible); // the reason, for logs we do not keep
        request.taggedFields(flexible);
        return member;
      });
    }
    request.taggedFields(flexible);
    const groups = context.connection.edgelog.classicGroups();
    const outcomes: number[] = [];
    for (const m of leaving) {
      try {
        await groups.leave(groupId, {
          ...(m.memberId === "" ? {} : { memberId: m.memberId }),
          ...(m.instanceId === null ? {} : { instanceId: m.instanceId }),
        });
        outcomes.push(KAFKA_ERROR.NONE);
      } catch (err) {
        outcomes.push(groupErrorOf(err));
      }
    }
    const out = new KafkaWriter();
    if (version >= 1) out.int32(0);
    // v0–v2 (one member) answer its outcome; v3+ the request's, each member's beside it.
    out.int16(version <= 2 ? (outcomes[0] ?? KAFKA_ERROR.NONE) : KAFKA_ERROR.NONE);
    if (version >= 3) {
      out.array(flexible, leaving, (m) => {
        out.str(flexible, m.memberId).nullableStr(flexible, m.instanceId);
        out.int16(outcomes[leaving.indexOf(m)] ?? KAFKA_ERROR.NONE).taggedFields(flexible);
      });
    }
    return out.taggedFields(flexible);
  },
};
