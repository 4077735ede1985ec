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
import { consumerGroupHeartbeatHandler } from "./apis/consumer-group-heartbeat.js";
import { createPartitionsHandler } from "./apis/create-partitions.js";
import { createTopicsHandler } from "./apis/create-topics.js";
import { deleteTopicsHandler } from "./apis/delete-topics.js";
import { describeConfigsHandler } from "./apis/describe-configs.js";
import { describeGroupsHandler } from "./apis/describe-groups.js";
import { fetchHandler } from "./apis/fetch.js";
import { findCoordinatorHandler } from "./apis/find-coordinator.js";
import { heartbeatHandler } from "./apis/heartbeat.js";
import { initProducerIdHandler } from "./apis/init-producer-id.js";
import { joinGroupHandler } from "./apis/join-group.js";
import { leaveGroupHandler } from "./apis/leave-group.js";
import { listGroupsHandler } from "./apis/list-groups.js";
import { listOffsetsHandler } from "./apis/list-offsets.js";
import { metadataHandler } from "./apis/metadata.js";
import { offsetCommitHandler } from "./apis/offset-commit.js";
import { offsetFetchHandler } from "./apis/offset-fetch.js";
import { produceHandler } from "./apis/produce.js";
import { saslAuthenticateHandler, saslHandshakeHandler } from "./apis/sasl.js";
import { syncGroupHandler } from "./apis/sync-group.js";

const HANDLERS: ApiHandler[] = [
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  metadataHandler,
  // The group APIs (classic protocol over /v1/groups/:g/classic, offsets, listing).
  offsetCommitHandler,
  offsetFetchHandler,
  findCoordinatorHandler,
  joinGroupHandler,
  heartbeatHandler,
  leaveGroupHandler,
  syncGroupHandler,
  describeGroupsHandler,
  listGroupsHandler,
  saslHandshakeHandler,
  apiVersionsHandler(() => apiHandlers()),
  createTopicsHandler,
  deleteTopicsHandler,
  initProducerIdHandler,
  describeConfigsHandler,
  saslAuthenticateHandler,
  createPartitionsHandler,
  consumerGroupHeartbeatHandler,
];

export const API_TABLE: ReadonlyMap<number, ApiHandler> = new Map(HANDLERS.map((h) => [h.key, h]));

/** Every handler, in api key order (ApiVersions' answer). */
export function apiHandlers(): readonly ApiHandler[] {
  return [...API_TABLE.values()].sort((a, b) => a.key - b.key);
}
