// The dispatch table: api key → handler module (versions, flexible versions, handle). Adding an
// API is adding its module under apis/ and one line here; ApiVersions advertises exactly this
// table. A handler module exports one ApiHandler (api-handler.ts):
//   { key, name, minVersion, maxVersion, flexibleFrom, beforeAuth?, responseHeaderV0?,
//     handle(request: KafkaReader, context: RequestContext): Promise<KafkaWriter | null> }
// `handle` reads the body after the request header and answers the body after the response
// header; connection.ts frames it, keeps answers in request order and turns undecodable frames
// and refused credentials into a closed connection.
import type { ApiHandler } from "./api-handler.js";
import { apiVersionsHandler } from "./apis/api-versions.js";
import { createPartitionsHandler } from "./apis/create-partitions.js";
import { createTopicsHandler } from "./apis/create-topics.js";
import { deleteTopicsHandler } from "./apis/delete-topics.js";
import { describeConfigsHandler } from "./apis/describe-configs.js";
import { fetchHandler } from "./apis/fetch.js";
import { initProducerIdHandler } from "./apis/init-producer-id.js";
import { listOffsetsHandler } from "./apis/list-offsets.js";
import { metadataHandler } from "./apis/metadata.js";
import { produceHandler } from "./apis/produce.js";
import { saslAuthenticateHandler, saslHandshakeHandler } from "./apis/sasl.js";

const HANDLERS: ApiHandler[] = [
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  metadataHandler,
  saslHandshakeHandler,
  apiVersionsHandler(() => apiHandlers()),
  createTopicsHandler,
  deleteTopicsHandler,
  initProducerIdHandler,
  describeConfigsHandler,
  saslAuthenticateHandler,
  createPartitionsHandler,
];

export const API_TABLE: ReadonlyMap<number, ApiHandler> = new Map(HANDLERS.map((h) => [h.key, h]));

/** Every handler, in api key order (ApiVersions' answer). */
export function apiHandlers(): readonly ApiHandler[] {
  return [...API_TABLE.values()].sort((a, b) => a.key - b.key);
}
