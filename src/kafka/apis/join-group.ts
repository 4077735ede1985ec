// JoinGroup (key 11), v0–v5: the classic join over HTTP (POST /v1/groups/:g/classic/join), which
// waits until the join phase ends. Protocol metadata passes through as bytes, untouched. A new
// member whose join outlasted its rebalance timeout gets its member id back with
// MEMBER_ID_REQUIRED (v4+, KIP-394: it rejoins with it at once) or REBALANCE_IN_PROGRESS.
import type { ClassicJoinAnswer } from "../../client/classic-groups.js";
import {
  REBALANCE_TIMEOUT_MS_MAX,
  SESSION_TIMEOUT_MS_MAX,
  SESSION_TIMEOUT_MS_MIN,
} from "../../protocol/limits.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf, pendingMemberId } from "../group-errors.js";

export const joinGroupHandler: ApiHandler = {
  key: 11,
  name: "JoinGroup",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 6,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version } = context;
    const groupId = request.string();
    const sessionTimeoutMs = request.int32();
    // v0 has no rebalance timeout: the session timeout serves as one (Kafka's rule).
    const rebalanceTimeoutMs = version >= 1 ? request.int32() : sessionTimeoutMs;
    const memberId = request.string();
    const instanceId = version >= 5 ? request.nullableString() : null;
    const protocolType = request.string();
    const protocols = request.array(false, () => ({
      name: request.string(),
      metadataBase64: (request.nullableBytes(false) ?? Buffer.alloc(0)).toString("base64"),
    }));
    let errorCode: number = KAFKA_ERROR.NONE;
    let answer: ClassicJoinAnswer | null = null;
    let answeredMemberId = memberId;
    if (sessionTimeoutMs < SESSION_TIMEOUT_MS_MIN || sessionTimeoutMs > SESSION_TIMEOUT_MS_MAX) {
      errorCode = KAFKA_ERROR.INVALID_SESSION_TIMEOUT;
    } else {
      try {
        answer = await context.connection.edgelog.classicGroups().join(groupId, {
          ...(memberId === "" ? {} : { memberId }),
          ...(instanceId === null ? {} : { instanceId }),
          ...(context.header.clientId ? { clientId: context.header.clientId } : {}),
          protocolType,
          protocols,
          sessionTimeoutMs,
          rebalanceTimeoutMs: Math.min(
            Math.max(rebalanceTimeoutMs, SESSION_TIMEOUT_MS_MIN),
            REBALANCE_TIMEOUT_MS_MAX,
          ),
        });
      } catch (err) {
        errorCode = groupErrorOf(err);
        const pending = pendingMemberId(err);
        if (pending !== null) {
          answeredMemberId = pending;
          if (memberId === "" && version >= 4) errorCode = KAFKA_ERROR.MEMBER_ID_REQUIRED;
        }
      }
    }
    const out = new KafkaWriter();
    if (version >= 2) out.int32(0);
    out.int16(errorCode).int32(answer?.generationId ?? -1);
    out.str(false, answer?.protocolName ?? "").str(false, answer?.leaderId ?? "");
    out.str(false, answer?.memberId ?? answeredMemberId);
    out.array(false, answer?.members ?? [], (m) => {
      out.str(false, m.memberId);
      if (version >= 5) out.nullableStr(false, m.instanceId);
      out.nullableBytes(false, Buffer.from(m.metadataBase64, "base64"));
    });
    return out;
  },
};
