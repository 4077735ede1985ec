// InitProducerId (key 22), v0–v4: an idempotent producer's id and epoch from edgelog's producers
// (POST /v1/producers), under a fresh name each time, as Kafka gives a new id to every
// non-transactional producer. A transactional id asks for transactions: not supported.
import { randomUUID } from "node:crypto";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { checkAuthenticated } from "../session.js";

export const initProducerIdHandler: ApiHandler = {
  key: 22,
  name: "InitProducerId",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 2,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const transactionalId = request.nullableStr(flexible);
    request.int32();
    if (version >= 3) {
      request.int64();
      request.int16();
    }
    request.taggedFields(flexible);
    let errorCode: number = KAFKA_ERROR.NONE;
    let producer = { id: -1, epoch: -1 };
    if (transactionalId !== null) {
      errorCode = KAFKA_ERROR.UNSUPPORTED_VERSION;
    } else {
      try {
        producer = await context.connection.edgelog.transport.request<typeof producer>(
          "POST",
          "/v1/producers",
          { body: { name: `kafka-${randomUUID()}` } },
        );
      } catch (err) {
        checkAuthenticated(err);
        errorCode = kafkaErrorOf(err, "cluster");
      }
    }
    const out = new KafkaWriter();
    out.int32(0).int16(errorCode).int64(producer.id).int16(producer.epoch);
    return out.taggedFields(flexible);
  },
};
