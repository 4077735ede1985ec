// CreatePartitions (key 37), v0–v2: PATCH /v1/topics/:t {partitions}. A count that does not grow
// the topic is INVALID_PARTITIONS, as in Kafka.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { checkAuthenticated } from "../session.js";

interface Answer {
  name: string;
  errorCode: number;
  message: string | null;
}

async function grow(context: RequestContext, name: string, count: number, validateOnly: boolean) {
  const admin = context.connection.edgelog.admin();
  const answer: Answer = { name, errorCode: KAFKA_ERROR.NONE, message: null };
  try {
    const current = (await admin.describeTopic(name)).partitions.length;
    if (count <= current) {
      const message = `the topic has ${current} partitions; only more can be added`;
      return { ...answer, errorCode: KAFKA_ERROR.INVALID_PARTITIONS, message };
    }
    if (!validateOnly) await admin.alterTopic(name, { partitions: count });
    return answer;
  } catch (err) {
    checkAuthenticated(err);
    const message = err instanceof Error ? err.message : null;
    return { ...answer, errorCode: kafkaErrorOf(err, "topic"), message };
  }
}

export const createPartitionsHandler: ApiHandler = {
  key: 37,
  name: "CreatePartitions",
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  async handle(request: KafkaReader, context: RequestContext) {
    const { flexible } = context;
    const topics = request.array(flexible, () => {
      const name = request.str(flexible);
      const count = request.int32();
      request.nullableArray(flexible, () => {
        request.array(flexible, () => request.int32());
        request.taggedFields(flexible);
      });
      request.taggedFields(flexible);
      return { name, count };
    });
    request.int32();
    const validateOnly = request.bool();
    request.taggedFields(flexible);
    const answers = await Promise.all(
      topics.map((t) => grow(context, t.name, t.count, validateOnly)),
    );
    const out = new KafkaWriter();
    out.int32(0);
    out.array(flexible, answers, (a) => {
      out.str(flexible, a.name).int16(a.errorCode).nullableStr(flexible, a.message);
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
