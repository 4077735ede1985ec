// ApiVersions (key 18), v0–v3: the APIs and versions this gateway implements, exactly the table.

import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";

export const API_VERSIONS_KEY = 18;

/** The answer, in `version`'s encoding; also the v0 answer to an ApiVersions we cannot read. */
export function apiVersionsBody(
  handlers: readonly ApiHandler[],
  version: number,
  errorCode: number,
): KafkaWriter {
  const flexible = version >= 3;
  const out = new KafkaWriter();
  out.int16(errorCode);
  out.array(flexible, handlers, (h) => {
    out.int16(h.key).int16(h.minVersion).int16(h.maxVersion).taggedFields(flexible);
  });
  if (version >= 1) out.int32(0);
  return out.taggedFields(flexible);
}

/** Built from the table itself, so what is advertised is what dispatches. */
export function apiVersionsHandler(handlers: () => readonly ApiHandler[]): ApiHandler {
  return {
    key: API_VERSIONS_KEY,
    name: "ApiVersions",
    minVersion: 0,
    maxVersion: 3,
    flexibleFrom: 3,
    beforeAuth: true,
    responseHeaderV0: true,
    async handle(request: KafkaReader, context: RequestContext) {
      if (context.flexible) {
        request.compactString();
        request.compactString();
        request.taggedFields(true);
      }
      return apiVersionsBody(handlers(), context.version, KAFKA_ERROR.NONE);
    },
  };
}
