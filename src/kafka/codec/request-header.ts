// Request header v1/v2 and response header v0/v1. v2 (flexible requests) adds a tagged-field
// section; the client id keeps its int16 length in every version. ApiVersions always answers
// with response header v0, so a client that does not yet know our versions can read it.
import type { KafkaReader } from "./reader.js";
import { KafkaWriter } from "./writer.js";

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** The fixed part every request starts with (request header v1). */
export function readRequestHeader(reader: KafkaReader): RequestHeader {
  return {
    apiKey: reader.int16(),
    apiVersion: reader.int16(),
    correlationId: reader.int32(),
    clientId: reader.nullableString(),
  };
}

/** A response frame: size, correlation id, the tagged fields of header v1, then the body. */
export function frameResponse(
  correlationId: number,
  headerFlexible: boolean,
  body: KafkaWriter | null,
): Buffer {
  const head = new KafkaWriter();
  const bodyBytes = body === null ? Buffer.alloc(0) : body.bytes();
  head.int32(0);
  head.int32(correlationId);
  head.taggedFields(headerFlexible);
  const frame = Buffer.allocUnsafe(head.length + bodyBytes.length);
  frame.set(head.bytes(), 0);
  frame.set(bodyBytes, head.length);
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}
