// InitProducerId (key 22), v0–v4: a new idempotent producer id for every call, as Kafka gives
// one to every non-transactional producer (producer-ids.ts). It is registered with edgelog's
// producers (POST /v1/producers, name `kafka-<id>`), which checks the token may produce
// somewhere, as Kafka's IDEMPOTENT_WRITE does. A transactional id asks for transactions: not
// supported.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { drawProducerId } from "../producer-ids.js";
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
        const id = drawProducerId();
        await context.connection.edgelog.transport.request("POST", "/v1/producers", {
          body: { name: `kafka-${id}` },
        });
        // A new name's first epoch is 0, the epoch edgelog's partitions see from this producer.
        producer = { id, epoch: 0 };
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
