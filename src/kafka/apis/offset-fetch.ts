// OffsetFetch (key 9), v1–v8: a group's committed offsets (GET /v1/groups/:g/offsets), of the
// partitions asked for or (topics null, v2+) of every partition with a commit; a partition
// without one is -1, an unknown group has none (Kafka's answers). v8 asks for several groups.
import { apiPath } from "../../client/transport.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { groupErrorOf } from "../group-errors.js";

interface Asked {
  groupId: string;
  /** Null: every committed partition. */
  topics: Array<{ name: string; partitions: number[] }> | null;
}

interface Committed {
  topic: string;
  partition: number;
  offset: number | null;
  metadata: string | null;
}

interface Answered {
  groupId: string;
  errorCode: number;
  topics: Array<{ name: string; partitions: Committed[] }>;
}

function readTopics(request: KafkaReader, flexible: boolean): Asked["topics"] {
  return request.nullableArray(flexible, () => {
    const topic = {
      name: request.str(flexible),
      partitions: request.array(flexible, () => request.int32()),
    };
    request.taggedFields(flexible);
    return topic;
  });
}

async function fetchGroup(context: RequestContext, asked: Asked): Promise<Answered> {
  let committed: Committed[] = [];
  let errorCode: number = KAFKA_ERROR.NONE;
  try {
    const path = apiPath("groups", asked.groupId, "offsets");
    const answer = await context.connection.edgelog.transport.request<{ offsets: Committed[] }>(
      "GET",
      path,
    );
    committed = answer.offsets;
  } catch (err) {
    errorCode = groupErrorOf(err);
    // A group that never committed has nothing to fetch: not an error to Kafka clients.
    if (errorCode === KAFKA_ERROR.GROUP_ID_NOT_FOUND) errorCode = KAFKA_ERROR.NONE;
  }
  const byKey = new Map(committed.map((o) => [`${o.topic}/${o.partition}`, o]));
  const topics =
    asked.topics ??
    [...new Set(committed.filter((o) => o.offset !== null).map((o) => o.topic))].map((name) => ({
      name,
      partitions: committed
        .filter((o) => o.topic === name && o.offset !== null)
        .map((o) => o.partition),
    }));
  return {
    groupId: asked.groupId,
    errorCode,
    topics: topics.map(({ name, partitions }) => ({
      name,
      partitions: partitions.map(
        (partition) =>
          byKey.get(`${name}/${partition}`) ?? {
            topic: name,
            partition,
            offset: null,
            metadata: null,
          },
      ),
    })),
  };
}

function writeTopics(out: KafkaWriter, answered: Answered, version: number, flexible: boolean) {
  out.array(flexible, answered.topics, (t) => {
    out.str(flexible, t.name);
    out.array(flexible, t.partitions, (p) => {
      out.int32(p.partition).int64(p.offset ?? -1);
      if (version >= 5) out.int32(-1); // no leader epoch is recorded with edgelog's offsets
      out.nullableStr(flexible, p.metadata ?? "");
      out.int16(answered.errorCode).taggedFields(flexible);
    });
    out.taggedFields(flexible);
  });
}

export const offsetFetchHandler: ApiHandler = {
  key: 9,
  name: "OffsetFetch",
  minVersion: 1,
  maxVersion: 8,
  flexibleFrom: 6,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    let asked: Asked[];
    if (version <= 7) {
      asked = [{ groupId: request.str(flexible), topics: readTopics(request, flexible) }];
    } else {
      asked = request.array(flexible, () => {
        const group = { groupId: request.str(flexible), topics: readTopics(request, flexible) };
        request.taggedFields(flexible);
        return group;
      });
    }
    if (version >= 7) request.bool(); // require stable: edgelog's commits are never pending
    request.taggedFields(flexible);
    const answered = await Promise.all(asked.map((a) => fetchGroup(context, a)));
    const out = new KafkaWriter();
    if (version >= 3) out.int32(0);
    if (version <= 7) {
      const [only] = answered;
      if (only === undefined) throw new Error("invariant: one group asked");
      writeTopics(out, only, version, flexible);
      if (version >= 2) out.int16(only.errorCode);
      return out.taggedFields(flexible);
    }
    out.array(flexible, answered, (group) => {
      out.str(flexible, group.groupId);
      writeTopics(out, group, version, flexible);
      out.int16(group.errorCode).taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
