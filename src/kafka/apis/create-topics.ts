// CreateTopics (key 19), v0–v5: POST /v1/topics per topic. -1 partitions or replication factor
// take edgelog's default (1); manual replica assignments are not edgelog's to choose.
import type { TopicDescription } from "../../protocol/types.js";
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { checkAuthenticated } from "../session.js";
import { InvalidConfigError, kafkaConfigsOf, topicConfigFrom } from "../topic-configs.js";

interface TopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  assignments: number;
  configs: Array<{ name: string; value: string | null }>;
}

interface TopicAnswer {
  name: string;
  errorCode: number;
  message: string | null;
  description: TopicDescription | null;
}

function readTopic(request: KafkaReader, flexible: boolean): TopicRequest {
  const name = request.str(flexible);
  const partitions = request.int32();
  const replicationFactor = request.int16();
  const assignments = request.array(flexible, () => {
    request.int32();
    request.array(flexible, () => request.int32());
    request.taggedFields(flexible);
  }).length;
  const configs = request.array(flexible, () => {
    const config = { name: request.str(flexible), value: request.nullableStr(flexible) };
    request.taggedFields(flexible);
    return config;
  });
  request.taggedFields(flexible);
  return { name, partitions, replicationFactor, assignments, configs };
}

async function create(
  context: RequestContext,
  topic: TopicRequest,
  validateOnly: boolean,
): Promise<TopicAnswer> {
  const answer = {
    name: topic.name,
    errorCode: KAFKA_ERROR.NONE,
    message: null,
    description: null,
  };
  if (topic.assignments > 0) {
    return {
      ...answer,
      errorCode: KAFKA_ERROR.INVALID_REQUEST,
      message: "replica assignments are edgelog's",
    };
  }
  try {
    const config = topicConfigFrom(topic.configs);
    const options = {
      name: topic.name,
      ...config,
      ...(topic.partitions === -1 ? {} : { partitions: topic.partitions }),
      ...(topic.replicationFactor === -1 ? {} : { replicationFactor: topic.replicationFactor }),
    };
    if (validateOnly) return answer;
    const description = await context.connection.edgelog.admin().createTopic(options);
    context.topicIds.remember(description.topicId, description.name);
    return { ...answer, description };
  } catch (err) {
    if (err instanceof InvalidConfigError) {
      return { ...answer, errorCode: KAFKA_ERROR.INVALID_CONFIG, message: err.message };
    }
    checkAuthenticated(err);
    const message = err instanceof Error ? err.message : null;
    return { ...answer, errorCode: kafkaErrorOf(err, "cluster"), message };
  }
}

export const createTopicsHandler: ApiHandler = {
  key: 19,
  name: "CreateTopics",
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 5,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const topics = request.array(flexible, () => readTopic(request, flexible));
    request.int32();
    const validateOnly = version >= 1 ? request.bool() : false;
    request.taggedFields(flexible);
    const answers = await Promise.all(topics.map((t) => create(context, t, validateOnly)));
    const out = new KafkaWriter();
    if (version >= 2) out.int32(0);
    out.array(flexible, answers, (a) => {
      out.str(flexible, a.name).int16(a.errorCode);
      if (version >= 1) out.nullableStr(flexible, a.message);
      if (version >= 5) {
        out.int32(a.description?.partitions.length ?? -1);
        out.int16(a.description?.config.replicationFactor ?? -1);
        const configs = a.description === null ? null : kafkaConfigsOf(a.description.config);
        out.array(flexible, configs, (c) => {
          out.str(flexible, c.name).nullableStr(flexible, c.value);
          out.bool(false).int8(CONFIG_SOURCE_DYNAMIC_TOPIC).bool(false).taggedFields(flexible);
        });
      }
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};

/** DescribeConfigs' ConfigSource 1: set on the topic. */
export const CONFIG_SOURCE_DYNAMIC_TOPIC = 1;
