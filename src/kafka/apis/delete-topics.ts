// DeleteTopics (key 20), v0–v4: DELETE /v1/topics/:t per topic.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { checkAuthenticated } from "../session.js";

export const deleteTopicsHandler: ApiHandler = {
  key: 20,
  name: "DeleteTopics",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const names = request.array(flexible, () => request.str(flexible));
    request.int32();
    request.taggedFields(flexible);
    const admin = context.connection.edgelog.admin();
    const answers = await Promise.all(
      names.map(async (name) => {
        try {
          await admin.deleteTopic(name);
          return { name, errorCode: KAFKA_ERROR.NONE as number };
        } catch (err) {
          checkAuthenticated(err);
          return { name, errorCode: kafkaErrorOf(err, "topic") as number };
        }
      }),
    );
    const out = new KafkaWriter();
    if (version >= 1) out.int32(0);
    out.array(flexible, answers, (a) => {
      out.str(flexible, a.name).int16(a.errorCode).taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
