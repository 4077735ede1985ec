// Metadata (key 3), v0–v12: the gateway is the one broker and the controller; each topic the
// client's token may describe, with its id, partitions, leader epochs and replicas (replica
// numbers as node ids). Topics are never created here (auto.create.topics.enable=false).
import type { Edgelog } from "../../client/edgelog.js";
import type { TopicDescription } from "../../protocol/types.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { CLUSTER_ID, GATEWAY_NODE_ID } from "../gateway-config.js";
import { checkAuthenticated, rethrowUnauthenticated } from "../session.js";
import { uuidBytes, ZERO_UUID } from "../topic-ids.js";

/** Kafka's "no authorized operations given" (the field's default). */
const OPERATIONS_UNKNOWN = -2147483648;

interface MetadataRequest {
  /** null: every topic. */
  topics: string[] | null;
}

function readRequest(request: KafkaReader, version: number, flexible: boolean): MetadataRequest {
  const topics = request.nullableArray(flexible, () => {
    if (version >= 10) request.uuid();
    const name = version >= 10 ? request.nullableStr(flexible) : request.str(flexible);
    request.taggedFields(flexible);
    return name;
  });
  if (version >= 4) request.bool();
  if (version >= 8 && version <= 10) request.bool();
  if (version >= 8) request.bool();
  request.taggedFields(flexible);
  // v0 has no null: an empty list asks for every topic.
  const all = topics === null || (version === 0 && topics.length === 0);
  return { topics: all ? null : topics.filter((t): t is string => t !== null) };
}

type TopicAnswer =
  | { name: string; description: TopicDescription }
  | { name: string; error: number };

async function describe(edgelog: Edgelog, names: string[] | null): Promise<TopicAnswer[]> {
  const admin = edgelog.admin();
  const wanted =
    names ?? (await admin.listTopics().catch(rethrowUnauthenticated)).map((t) => t.name);
  return Promise.all(
    wanted.map(async (name) => {
      try {
        return { name, description: await admin.describeTopic(name) };
      } catch (err) {
        checkAuthenticated(err);
        return { name, error: kafkaErrorOf(err, "topic") };
      }
    }),
  );
}

export const metadataHandler: ApiHandler = {
  key: 3,
  name: "Metadata",
  minVersion: 0,
  maxVersion: 12,
  flexibleFrom: 9,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible, config } = context;
    const { topics } = readRequest(request, version, flexible);
    const answers = await describe(context.connection.edgelog, topics);
    const out = new KafkaWriter();
    if (version >= 3) out.int32(0);
    out.array(flexible, [GATEWAY_NODE_ID], (id) => {
      out.int32(id).str(flexible, config.advertisedHost).int32(config.advertisedPort);
      if (version >= 1) out.nullableStr(flexible, null);
      out.taggedFields(flexible);
    });
    if (version >= 2) out.nullableStr(flexible, CLUSTER_ID);
    if (version >= 1) out.int32(GATEWAY_NODE_ID);
    out.array(flexible, answers, (answer) => {
      const description = "description" in answer ? answer.description : null;
      if (description !== null) context.topicIds.remember(description.topicId, description.name);
      out.int16("error" in answer ? answer.error : KAFKA_ERROR.NONE);
      out.str(flexible, answer.name);
      if (version >= 10) out.raw(description === null ? ZERO_UUID : uuidBytes(description.topicId));
      if (version >= 1) out.bool(false);
      out.array(flexible, description?.partitions ?? [], (p) => {
        out.int16(KAFKA_ERROR.NONE).int32(p.partition).int32(GATEWAY_NODE_ID);
        if (version >= 7) out.int32(p.leaderEpoch);
        out.array(flexible, p.replicas, (r) => out.int32(r));
        out.array(flexible, p.isr, (r) => out.int32(r));
        if (version >= 5) out.array(flexible, [] as number[], (r) => out.int32(r));
        out.taggedFields(flexible);
      });
      if (version >= 8) out.int32(OPERATIONS_UNKNOWN);
      out.taggedFields(flexible);
    });
    if (version >= 8 && version <= 10) out.int32(OPERATIONS_UNKNOWN);
    return out.taggedFields(flexible);
  },
};
