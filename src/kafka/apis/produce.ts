// Produce (key 0), v3–v9: each partition's record batches become one edgelog produce to that
// partition (one atomic append), with the partition the client chose, its timestamps and its
// bytes (record-mapping.ts). acks 0/1/-1 map to edgelog's 0/1/"all"; acks=0 is answered with
// nothing, as Kafka does, once the append was tried.
import { apiPath } from "../../client/transport.js";
import { KAFKA_DECOMPRESSED_BYTES_MAX } from "../../protocol/limits.js";
import type { ProducerFields } from "../../protocol/produce-request.js";
import type { Acks, CompactProduceResponse, ProduceRecord } from "../../protocol/types.js";
import type { ApiHandler, ConnectionState, RequestContext } from "../api-handler.js";
import { KafkaDecodeError, type KafkaReader } from "../codec/reader.js";
import {
  CorruptBatchError,
  decodeRecordBatches,
  type RecordBatch,
  UnsupportedMagicError,
} from "../codec/record-batch.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorFor, kafkaErrorOf } from "../error-map.js";
import { producerFieldsOf } from "../producer-ids.js";
import { toEdgelogRecord, UnmappableRecordError } from "../record-mapping.js";
import { checkAuthenticated } from "../session.js";

const ACKS: Record<number, Acks> = { 0: 0, 1: 1, [-1]: "all" };

interface PartitionData {
  index: number;
  records: Buffer | null;
}

interface PartitionAnswer {
  index: number;
  errorCode: number;
  baseOffset: number;
  errorMessage: string | null;
}

function readTopics(request: KafkaReader, flexible: boolean) {
  return request.array(flexible, () => {
    const name = request.str(flexible);
    const partitions = request.array(flexible, (): PartitionData => {
      const index = request.int32();
      const records = request.nullableBytes(flexible);
      request.taggedFields(flexible);
      return { index, records };
    });
    request.taggedFields(flexible);
    return { name, partitions };
  });
}

interface PartitionRecords {
  records: ProduceRecord[];
  /** The batch's producer, if idempotent (such a producer sends one batch per partition). */
  producer: ProducerFields | undefined;
}

/** A partition's records for edgelog, or the Kafka error that refuses them. */
function recordsOf(data: PartitionData): PartitionRecords | { errorCode: number; message: string } {
  let batches: RecordBatch[];
  try {
    batches = decodeRecordBatches(data.records ?? Buffer.alloc(0), KAFKA_DECOMPRESSED_BYTES_MAX);
  } catch (err) {
    if (err instanceof UnsupportedMagicError) {
      return { errorCode: KAFKA_ERROR.UNSUPPORTED_FOR_MESSAGE_FORMAT, message: err.message };
    }
    if (err instanceof KafkaDecodeError || err instanceof CorruptBatchError) {
      return { errorCode: KAFKA_ERROR.CORRUPT_MESSAGE, message: err.message };
    }
    throw err;
  }
  if (batches.length > 1 && batches.some((b) => b.producerId >= 0)) {
    const message = "an idempotent producer sends one batch per partition and request";
    return { errorCode: KAFKA_ERROR.INVALID_RECORD, message };
  }
  const records: ProduceRecord[] = [];
  for (const batch of batches) {
    if (batch.transactional || batch.control) {
      return {
        errorCode: KAFKA_ERROR.INVALID_TXN_STATE,
        message: "transactions are not supported",
      };
    }
    try {
      for (const record of batch.records) records.push(toEdgelogRecord(record, data.index));
    } catch (err) {
      if (!(err instanceof UnmappableRecordError)) throw err;
      return { errorCode: KAFKA_ERROR.INVALID_RECORD, message: err.message };
    }
  }
  const first = batches[0];
  return { records, producer: first === undefined ? undefined : producerFieldsOf(first) };
}

/**
 * One partition's append. Called synchronously in request order: it takes its turn in the
 * connection's AppendOrder before its first await, so appends land in the order sent.
 */
async function produceTo(
  connection: ConnectionState,
  topic: string,
  data: PartitionData,
  acks: Acks,
): Promise<PartitionAnswer> {
  const answer = { index: data.index, errorCode: KAFKA_ERROR.NONE, baseOffset: -1 };
  const decoded = recordsOf(data);
  if ("errorCode" in decoded) {
    return { ...answer, errorCode: decoded.errorCode, errorMessage: decoded.message };
  }
  const { records, producer } = decoded;
  if (records.length === 0) return { ...answer, errorMessage: null };
  const turn = connection.appendOrder.enter(topic, data.index);
  try {
    await turn.ready;
    const transport = connection.edgelog.transport;
    const body = producer === undefined ? { records, acks } : { records, acks, producer };
    const result = await transport.request<CompactProduceResponse | null>(
      "POST",
      apiPath("topics", topic, "records"),
      { body, query: { answer: "compact" } },
    );
    const share = result?.partitions[0];
    if (share !== undefined && "error" in share) {
      const errorCode = kafkaErrorFor(share.error.code, "topic");
      return { ...answer, errorCode, errorMessage: share.error.message };
    }
    return { ...answer, baseOffset: share?.baseOffset ?? -1, errorMessage: null };
  } catch (err) {
    checkAuthenticated(err);
    const message = err instanceof Error ? err.message : null;
    return { ...answer, errorCode: kafkaErrorOf(err, "topic"), errorMessage: message };
  } finally {
    turn.done();
  }
}

export const produceHandler: ApiHandler = {
  key: 0,
  name: "Produce",
  minVersion: 3,
  maxVersion: 9,
  flexibleFrom: 9,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    request.nullableStr(flexible);
    const acksCode = request.int16();
    request.int32();
    const topics = readTopics(request, flexible);
    request.taggedFields(flexible);
    const acks = ACKS[acksCode];
    const answers = await Promise.all(
      topics.map(async (topic) => ({
        name: topic.name,
        partitions: await Promise.all(
          topic.partitions.map((p) =>
            acks === undefined
              ? {
                  index: p.index,
                  errorCode: KAFKA_ERROR.INVALID_REQUIRED_ACKS,
                  baseOffset: -1,
                  errorMessage: null,
                }
              : produceTo(context.connection, topic.name, p, acks),
          ),
        ),
      })),
    );
    if (acks === 0) return null;
    const out = new KafkaWriter();
    out.array(flexible, answers, (topic) => {
      out.str(flexible, topic.name);
      out.array(flexible, topic.partitions, (p) => {
        out.int32(p.index).int16(p.errorCode).int64(p.baseOffset).int64(-1);
        if (version >= 5) out.int64(-1);
        if (version >= 8) {
          out.array(flexible, [] as number[], () => {});
          out.nullableStr(flexible, p.errorMessage);
        }
        out.taggedFields(flexible);
      });
      out.taggedFields(flexible);
    });
    out.int32(0);
    return out.taggedFields(flexible);
  },
};
