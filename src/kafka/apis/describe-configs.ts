// DescribeConfigs (key 32), v0–v4, read only: a topic's edgelog config under Kafka's names. The
// broker resource (the gateway) has no configs of its own to show.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR, kafkaErrorOf } from "../error-map.js";
import { checkAuthenticated } from "../session.js";
import { kafkaConfigsOf } from "../topic-configs.js";
import { CONFIG_SOURCE_DYNAMIC_TOPIC } from "./create-topics.js";

const RESOURCE_TOPIC = 2;
/** DescribeConfigs' ConfigType STRING (v3+): every value here is sent as text. */
const CONFIG_TYPE_STRING = 2;

interface Resource {
  type: number;
  name: string;
  keys: string[] | null;
}

async function describe(context: RequestContext, resource: Resource) {
  const base = {
    ...resource,
    errorCode: KAFKA_ERROR.NONE as number,
    message: null as string | null,
  };
  if (resource.type !== RESOURCE_TOPIC) return { ...base, configs: [] };
  try {
    const { config } = await context.connection.edgelog.admin().describeTopic(resource.name);
    const configs = kafkaConfigsOf(config).filter(
      (c) => resource.keys === null || resource.keys.includes(c.name),
    );
    return { ...base, configs };
  } catch (err) {
    checkAuthenticated(err);
    const message = err instanceof Error ? err.message : null;
    return { ...base, errorCode: kafkaErrorOf(err, "topic") as number, message, configs: [] };
  }
}

export const describeConfigsHandler: ApiHandler = {
  key: 32,
  name: "DescribeConfigs",
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible } = context;
    const resources = request.array(flexible, (): Resource => {
      const type = request.int8();
      const name = request.str(flexible);
      const keys = request.nullableArray(flexible, () => request.str(flexible));
      request.taggedFields(flexible);
      return { type, name, keys };
    });
    if (version >= 1) request.bool();
    if (version >= 3) request.bool();
    request.taggedFields(flexible);
    const answers = await Promise.all(resources.map((r) => describe(context, r)));
    const out = new KafkaWriter();
    out.int32(0);
    out.array(flexible, answers, (a) => {
      out.int16(a.errorCode).nullableStr(flexible, a.message).int8(a.type).str(flexible, a.name);
      out.array(flexible, a.configs, (c) => {
        out.str(flexible, c.name).nullableStr(flexible, c.value).bool(false);
        if (version === 0) out.bool(false);
        else out.int8(CONFIG_SOURCE_DYNAMIC_TOPIC);
        out.bool(false);
        if (version >= 1) out.array(flexible, [] as number[], () => {});
        if (version >= 3) out.int8(CONFIG_TYPE_STRING).nullableStr(flexible, null);
        out.taggedFields(flexible);
      });
      out.taggedFields(flexible);
    });
    return out.taggedFields(flexible);
  },
};
