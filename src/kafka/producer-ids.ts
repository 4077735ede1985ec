// Kafka's idempotent producers on edgelog's: a Kafka producer id is a random 52-bit integer the
// gateway draws (Kafka's ids are int64; 52 bits keep it exact in a JavaScript number and make a
// collision between producers negligible), and its partitions' sequence state lives in edgelog
// under the producer id `kafka-<id>`, counted in records (sequenceUnit "records"), so it holds
// across gateway restarts and across gateways.
import { randomBytes } from "node:crypto";
import type { ProducerFields } from "../protocol/produce-request.js";
import type { RecordBatch } from "./codec/record-batch.js";

const ID_BITS = 52;

export function drawProducerId(): number {
  const bytes = randomBytes(8);
  return Number(bytes.readBigUInt64BE() >> BigInt(64 - ID_BITS));
}

/** The edgelog producer fields of an idempotent batch; undefined for a plain one. */
export function producerFieldsOf(batch: RecordBatch): ProducerFields | undefined {
  if (batch.producerId < 0) return undefined;
  return {
    id: `kafka-${batch.producerId}`,
    epoch: batch.producerEpoch,
    sequence: batch.baseSequence,
    sequenceUnit: "records",
  };
}
