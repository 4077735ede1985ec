// What one Kafka API's handler module exports, and the context it runs in. The table of handlers
// is api-table.ts.
import type { Edgelog } from "../client/edgelog.js";
import type { AppendOrder } from "./append-order.js";
import type { KafkaReader } from "./codec/reader.js";
import type { RequestHeader } from "./codec/request-header.js";
import type { KafkaWriter } from "./codec/writer.js";
import type { GatewayConfig } from "./gateway-config.js";
import type { ReadAhead } from "./read-ahead.js";
import type { TopicIds } from "./topic-ids.js";

/** What a connection knows about its client: who it is to edgelog, and its SASL progress. */
export interface ConnectionState {
  /** The edgelog client this connection's requests go through (its token, once known). */
  edgelog: Edgelog;
  /** A PLAIN handshake was accepted and SaslAuthenticate is expected next. */
  saslHandshakeDone: boolean;
  /** Handshake v0: the next frame is a bare SASL token, not a Kafka request. */
  saslRawNext: boolean;
  /** SASL succeeded: the connection's requests use the client's own token. */
  authenticated: boolean;
  /** Keeps this connection's appends to a partition in request order. */
  appendOrder: AppendOrder;
  /** Pages read ahead for this connection's sequential fetches. */
  readAhead: ReadAhead;
  /** Host:port of the client, for logs. */
  remote: string;
  /** The client's address, forwarded to edgelog (client-address.ts); null if unknown. */
  clientAddress: string | null;
}

export interface RequestContext {
  header: RequestHeader;
  version: number;
  /** KIP-482 compact encodings and tagged fields for this request and its answer. */
  flexible: boolean;
  connection: ConnectionState;
  config: GatewayConfig;
  topicIds: TopicIds;
}

/**
 * One Kafka API. `handle` reads the request body (after the header) and answers the response
 * body (without the header), or null for a request Kafka answers with nothing (Produce acks=0).
 * It throws KafkaDecodeError for a body that does not parse (the connection closes) and
 * UnauthenticatedError when edgelog refuses the connection's credentials; every other failure
 * must become an error code inside the answer.
 */
export interface ApiHandler {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** The first flexible version (the spec's "flexibleVersions"), or null if none is. */
  flexibleFrom: number | null;
  /** Answered before SASL completes (ApiVersions and the SASL APIs themselves). */
  beforeAuth?: boolean;
  /** The answer's header stays v0 even in flexible versions (ApiVersions, KIP-511). */
  responseHeaderV0?: boolean;
  handle(request: KafkaReader, context: RequestContext): Promise<KafkaWriter | null>;
}
