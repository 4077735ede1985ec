// ListOffsets (key 2), v1–v7: earliest (-2) is the log start offset, latest (-1) the high
// watermark, max timestamp (-3, v7) the last record; a timestamp is the first record at or after
// it, with that record's timestamp, or -1/-1 when none is (Kafka's answer past the last record).
import type { Edgelog } from "../../client/edgelog.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { checkAuthenticated } from "../session.js";

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;

interface OffsetAnswer {
  index: number;
  errorCode: number;
  timestamp: number;
  offset: number;
}

/** The timestamp of the record at `offset` (null if compaction removed it and none follows). */
async function timestampAt(edgelog: Edgelog, topic: string, partition: number, offset: number) {
  const page = await edgelog.read({ topic, partition, offset, maxRecords: 1, waitMs: 0 });
  return page.records[0] ?? null;
}

async function lookUp(
  edgelog: Edgelog,
  topic: string,
  index: number,
  timestamp: number,
): Promise<OffsetAnswer> {
  const answer = { index, errorCode: KAFKA_ERROR.NONE, timestamp: -1, offset: -1 };
  try {
    const admin = edgelog.admin();
    if (timestamp === LATEST || timestamp === EARLIEST || timestamp === MAX_TIMESTAMP) {
      const offsets = await admin.partitionOffsets(topic, index);
      if (timestamp === EARLIEST) return { ...answer, offset: offsets.logStartOffset };
      if (timestamp === LATEST) return { ...answer, offset: offsets.highWatermark };
      if (offsets.highWatermark <= offsets.logStartOffset) return answer;
      const last = await timestampAt(edgelog, topic, index, offsets.highWatermark - 1);
      return last === null ? answer : { ...answer, offset: last.offset, timestamp: last.timestamp };
    }
    const found = await admin.partitionOffsets(topic, index, timestamp);
    if (found.offset === undefined || found.offset === null) return answer;
    const record = await timestampAt(edgelog, topic, index, found.offset);
    return { ...answer, offset: found.offset, timestamp: record?.timestamp ?? timestamp };
  } catch (err) {
    checkAuthenticated(err);
    return { ...answer, errorCode: kafkaErrorOf(err, "topic") };
  }
}

export const listOffsetsHandler: ApiHandler = {
  key: 2,
  name: "ListOffsets",
  minVersion: 1,
  maxVersion: 7,
  flexibleFrom: 6,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    request.int32();
    if (version >= 2) request.int8();
    const topics = request.array(flexible, () => {
      const name = request.str(flexible);
      const partitions = request.array(flexible, () => {
        const index = request.int32();
        if (version >= 4) request.int32();
        const timestamp = request.int64();
        request.taggedFields(flexible);
        return { index, timestamp };
      });
      request.taggedFields(flexible);
      return { name, partitions };
    });
    request.taggedFields(flexible);
    const edgelog = context.connection.edgelog;
    const answers = await Promise.all(
      topics.map(async (t) => ({
        name: t.name,
        partitions: await Promise.all(
          t.partitions.map((p) => lookUp(edgelog, t.name, p.index, p.timestamp)),
        ),
      })),
    );
    const out = new KafkaWriter();
    if (version >= 2) out.int32(0);
    out.array(flexible, answers, (topic) => {
      out.str(flexible, topic.name);
      out.array(flexible, topic.partitions, (p) => {
        out.int32(p.index).int16(p.errorCode).int64(p.timestamp).int64(p.offset);
        if (version >= 4) out.int32(-1);
        out.taggedFields(flexible);
      });
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
