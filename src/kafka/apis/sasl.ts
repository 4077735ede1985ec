// SaslHandshake (key 17), v0–v1, and SaslAuthenticate (key 36), v0–v2: PLAIN only. After a v0
// handshake the next frame is the bare PLAIN message (connection.ts answers it); after v1 it
// comes inside SaslAuthenticate.
import type { ApiHandler, RequestContext } from "../api-handler.js";
import type { KafkaReader } from "../codec/reader.js";
import { KafkaWriter } from "../codec/writer.js";
import { KAFKA_ERROR } from "../error-map.js";
import { authenticatePlain } from "../sasl-plain.js";

const MECHANISM = "PLAIN";

export const saslHandshakeHandler: ApiHandler = {
  key: 17,
  name: "SaslHandshake",
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: null,
  beforeAuth: true,
  async handle(request: KafkaReader, context: RequestContext) {
    const mechanism = request.string();
    const out = new KafkaWriter();
    if (mechanism !== MECHANISM) out.int16(KAFKA_ERROR.UNSUPPORTED_SASL_MECHANISM);
    else {
      out.int16(KAFKA_ERROR.NONE);
      context.connection.saslHandshakeDone = true;
      context.connection.saslRawNext = context.version === 0;
    }
    return out.array(false, [MECHANISM], (m) => out.str(false, m));
  },
};

/** How long a session lasts (v1+): 0 is "no re-authentication required" (KIP-368). */
const SESSION_LIFETIME_MS = 0;

export const saslAuthenticateHandler: ApiHandler = {
  key: 36,
  name: "SaslAuthenticate",
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  beforeAuth: true,
  async handle(request: KafkaReader, context: RequestContext) {
    const { version, flexible, connection } = context;
    const message = request.nullableBytes(flexible) ?? Buffer.alloc(0);
    request.taggedFields(flexible);
    let errorCode: number = KAFKA_ERROR.NONE;
    let errorMessage: string | null = null;
    if (!connection.saslHandshakeDone || connection.authenticated) {
      errorCode = KAFKA_ERROR.ILLEGAL_SASL_STATE;
      errorMessage = "SaslAuthenticate needs one PLAIN SaslHandshake first";
    } else {
      const outcome = await authenticatePlain(message, connection, context.config);
      if (!outcome.ok) {
        errorCode = KAFKA_ERROR.SASL_AUTHENTICATION_FAILED;
        errorMessage = outcome.message;
      }
    }
    const out = new KafkaWriter();
    out
      .int16(errorCode)
      .nullableStr(flexible, errorMessage)
      .nullableBytes(flexible, Buffer.alloc(0));
    if (version >= 1) out.int64(SESSION_LIFETIME_MS);
    return out.taggedFields(flexible);
  },
};
