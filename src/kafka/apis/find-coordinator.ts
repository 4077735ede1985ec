// FindCoordinator (key 10), v0–v4: the gateway is every group's coordinator (it keeps no state:
// the group's object in edgelog is the real one), so every key is answered with the gateway.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { GATEWAY_NODE_ID } from "../gateway-config.js";

export const findCoordinatorHandler: ApiHandler = {
  key: 10,
  name: "FindCoordinator",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 3,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible, config } = context;
    const keys: string[] = [];
    if (version <= 3) keys.push(request.str(flexible));
    if (version >= 1) request.int8(); // key type: a group's or a transaction's, both the gateway
    if (version >= 4) keys.push(...request.array(flexible, () => request.str(flexible)));
    request.taggedFields(flexible);
    const out = new KafkaWriter();
    if (version >= 1) out.int32(0);
    if (version >= 4) {
      out.array(flexible, keys, (key) => {
        out.str(flexible, key).int32(GATEWAY_NODE_ID).str(flexible, config.advertisedHost);
        out.int32(config.advertisedPort).int16(KAFKA_ERROR.NONE).nullableStr(flexible, null);
        out.taggedFields(flexible);
      });
      return out.taggedFields(flexible);
    }
    out.int16(KAFKA_ERROR.NONE);
    if (version >= 1) out.nullableStr(flexible, null);
    out.int32(GATEWAY_NODE_ID).str(flexible, config.advertisedHost).int32(config.advertisedPort);
    return out.taggedFields(flexible);
  },
};
