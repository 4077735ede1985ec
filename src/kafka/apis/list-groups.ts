// ListGroups (key 16), v0–v4: the groups the client's token may describe (GET /v1/groups), classic
// ones with their protocol type and KIP-848 ones as "consumer"; v4 filters by state.
import type { GroupSummary } from "../../protocol/types.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

export const listGroupsHandler: ApiHandler = {
  key: 16,
  name: "ListGroups",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 3,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const states = version >= 4 ? request.array(flexible, () => request.str(flexible)) : [];
    request.taggedFields(flexible);
    let errorCode: number = KAFKA_ERROR.NONE;
    let groups: GroupSummary[] = [];
    try {
      groups = await context.connection.edgelog.admin().listGroups();
    } catch (err) {
      errorCode = groupErrorOf(err);
    }
    const wanted = states.map((s) => s.toLowerCase());
    const shown = groups.filter(
      (g) => wanted.length === 0 || wanted.includes(g.state.toLowerCase()),
    );
    const out = new KafkaWriter();
    if (version >= 1) out.int32(0);
    out.int16(errorCode);
    out.array(flexible, shown, (g) => {
      out.str(flexible, g.groupId);
      out.str(flexible, g.groupType === "classic" ? g.protocolType : "consumer");
      if (version >= 4) out.str(flexible, g.state);
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
