// OffsetCommit (key 8), v2–v8: a member's commit goes over HTTP with its generation (POST
// /v1/groups/:g/classic/offsets: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS as
// Kafka checks them); generation -1 without a member id is a standalone consumer's commit (POST
// /v1/groups/:g/offsets), refused with UNKNOWN_MEMBER_ID while the group has members, as Kafka
// refuses it. A commit is one write: every partition gets the same outcome.
import { apiPath } from "../../client/transport.js";
import { OFFSET_METADATA_CHARS_MAX } from "../../protocol/limits.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

interface TopicCommit {
  name: string;
  partitions: Array<{ partition: number; offset: number; metadata: string }>;
}

function readTopics(request: KafkaReader, version: number, flexible: boolean): TopicCommit[] {
  return request.array(flexible, () => {
    const name = request.str(flexible);
    const partitions = request.array(flexible, () => {
      const partition = request.int32();
      const offset = request.int64();
      if (version >= 6) request.int32(); // committed leader epoch: edgelog's offsets need none
      const metadata = request.nullableStr(flexible) ?? "";
      request.taggedFields(flexible);
      return { partition, offset, metadata };
    });
    request.taggedFields(flexible);
    return { name, partitions };
  });
}

export const offsetCommitHandler: ApiHandler = {
  key: 8,
  name: "OffsetCommit",
  minVersion: 2,
  maxVersion: 8,
  flexibleFrom: 8,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const groupId = request.str(flexible);
    const generationId = request.int32();
    const memberId = request.str(flexible);
    const instanceId = version >= 7 ? request.nullableStr(flexible) : null;
    if (version <= 4) request.int64(); // retention time: edgelog keeps offsets with the group
    const topics = readTopics(request, version, flexible);
    request.taggedFields(flexible);
    const offsets = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, ...p })));
    let errorCode: number = KAFKA_ERROR.NONE;
    try {
      const { edgelog } = context.connection;
      if (offsets.some((o) => o.metadata.length > OFFSET_METADATA_CHARS_MAX)) {
        errorCode = KAFKA_ERROR.OFFSET_METADATA_TOO_LARGE;
      } else if (generationId < 0 && memberId === "" && instanceId === null) {
        await edgelog.transport.request("POST", apiPath("groups", groupId, "offsets"), {
          body: { offsets },
        });
      } else {
        await edgelog
          .classicGroups()
          .commit(
            groupId,
            { memberId, generationId, ...(instanceId === null ? {} : { instanceId }) },
            offsets,
          );
      }
    } catch (err) {
      errorCode = groupErrorOf(err);
      if (errorCode === KAFKA_ERROR.NON_EMPTY_GROUP) errorCode = KAFKA_ERROR.UNKNOWN_MEMBER_ID;
    }
    const out = new KafkaWriter();
    if (version >= 3) out.int32(0);
    out.array(flexible, topics, (t) => {
      out.str(flexible, t.name);
      out.array(flexible, t.partitions, (p) => {
        out.int32(p.partition).int16(errorCode).taggedFields(flexible);
      });
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
