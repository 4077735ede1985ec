// One client connection: length-prefixed frames in, requests dispatched through the table with
// up to KAFKA_IN_FLIGHT_PER_CONNECTION_MAX running at once, answers written in request order
// (Kafka's per-connection ordering). A frame past KAFKA_FRAME_BYTES_MAX, a header that does not
// parse, a body that does not decode, or credentials edgelog refuses close this connection and
// nothing else.
import type { Socket } from "node:net";
import { KAFKA_FRAME_BYTES_MAX, KAFKA_IN_FLIGHT_PER_CONNECTION_MAX } from "../protocol/limits.js";
import type { ConnectionState, RequestContext } from "./api-handler.js";
import { API_TABLE, apiHandlers } from "./api-table.js";
import { API_VERSIONS_KEY, apiVersionsBody } from "./apis/api-versions.js";
import { AppendOrder } from "./append-order.js";
import { forwardedAddressOf } from "./client-address.js";
import { KafkaDecodeError, KafkaReader } from "./codec/reader.js";
import { frameResponse, readRequestHeader } from "./codec/request-header.js";
import { KafkaWriter } from "./codec/writer.js";
import { KAFKA_ERROR, UnauthenticatedError } from "./error-map.js";
import type { GatewayConfig } from "./gateway-config.js";
import { ReadAhead } from "./read-ahead.js";
import { authenticatePlain } from "./sasl-plain.js";
import { edgelogFor } from "./session.js";
import type { TopicIds } from "./topic-ids.js";

const SIZE_BYTES = 4;

export type ConnectionLog = (line: string) => void;

export class KafkaConnection {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  /** Answers in request order; null for a request answered with nothing (acks=0). */
  private readonly pending: Array<Promise<Buffer | null>> = [];
  private writing = false;
  private closed = false;
  private readonly state: ConnectionState;

  constructor(
    private readonly socket: Socket,
    private readonly config: GatewayConfig,
    private readonly topicIds: TopicIds,
    private readonly log: ConnectionLog,
  ) {
    const clientAddress = forwardedAddressOf(socket.remoteAddress);
    this.state = {
      edgelog: edgelogFor(config.url, config.token, clientAddress),
      saslHandshakeDone: false,
      saslRawNext: false,
      authenticated: false,
      appendOrder: new AppendOrder(),
      readAhead: new ReadAhead(),
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
      clientAddress,
    };
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("error", () => this.close());
    socket.on("close", () => {
      this.closed = true;
    });
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (reason !== undefined) this.log(`kafka-gateway: closing ${this.state.remote}: ${reason}`);
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    this.dispatchBuffered();
  }

  /**
   * Dispatches the complete frames buffered, up to KAFKA_IN_FLIGHT_PER_CONNECTION_MAX running:
   * then the socket is paused and the rest waits until answers go out (one chunk may hold many
   * frames, so pausing the socket alone would not bound them).
   */
  private dispatchBuffered(): void {
    while (!this.closed && this.bufferedBytes >= SIZE_BYTES) {
      if (this.pending.length >= KAFKA_IN_FLIGHT_PER_CONNECTION_MAX) {
        this.socket.pause();
        return;
      }
      const head = this.take(SIZE_BYTES, false);
      const size = head.readInt32BE(0);
      if (size < 0 || size > KAFKA_FRAME_BYTES_MAX) {
        this.close(`frame of ${size} bytes (limit ${KAFKA_FRAME_BYTES_MAX})`);
        return;
      }
      if (this.bufferedBytes < SIZE_BYTES + size) return;
      this.take(SIZE_BYTES, true);
      this.dispatch(this.take(size, true));
    }
  }

  /** The first `bytes` buffered bytes, removed from the buffer when `consume`. */
  private take(bytes: number, consume: boolean): Buffer {
    const joined =
      this.buffered.length === 1 ? (this.buffered[0] as Buffer) : Buffer.concat(this.buffered);
    this.buffered = [joined];
    const out = joined.subarray(0, bytes);
    if (consume) {
      this.buffered = joined.length > bytes ? [joined.subarray(bytes)] : [];
      this.bufferedBytes -= bytes;
    }
    return out;
  }

  private dispatch(frame: Buffer): void {
    const answer = this.answer(Buffer.from(frame)).catch((err: unknown) => {
      if (err instanceof KafkaDecodeError || err instanceof UnauthenticatedError) {
        this.close(err.message);
      } else {
        this.close(
          `unexpected ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
        );
      }
      return null;
    });
    this.pending.push(answer);
    void this.flush();
  }

  /** Writes finished answers from the head of the queue, in order. */
  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.pending.length > 0 && !this.closed) {
        const frame = await (this.pending[0] as Promise<Buffer | null>);
        this.pending.shift();
        if (frame !== null && !this.closed) this.socket.write(frame);
        if (this.pending.length < KAFKA_IN_FLIGHT_PER_CONNECTION_MAX) {
          this.socket.resume();
          this.dispatchBuffered();
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async answer(frame: Buffer): Promise<Buffer | null> {
    if (this.state.saslRawNext) return this.rawSasl(frame);
    const reader = new KafkaReader(frame);
    const header = readRequestHeader(reader);
    const handler = API_TABLE.get(header.apiKey);
    if (
      handler === undefined ||
      header.apiVersion < handler.minVersion ||
      header.apiVersion > handler.maxVersion
    ) {
      return unsupported(header.apiKey, header.correlationId);
    }
    const flexible = handler.flexibleFrom !== null && header.apiVersion >= handler.flexibleFrom;
    reader.taggedFields(flexible);
    if (!handler.beforeAuth && this.state.saslHandshakeDone && !this.state.authenticated) {
      throw new UnauthenticatedError(`${handler.name} before SASL authentication completed`);
    }
    const context: RequestContext = {
      header,
      version: header.apiVersion,
      flexible,
      connection: this.state,
      config: this.config,
      topicIds: this.topicIds,
    };
    const body = await handler.handle(reader, context);
    if (body === null) return null;
    return frameResponse(header.correlationId, flexible && !handler.responseHeaderV0, body);
  }

  /** After SaslHandshake v0: the frame is the bare PLAIN message; success is an empty frame. */
  private async rawSasl(frame: Buffer): Promise<Buffer> {
    this.state.saslRawNext = false;
    const outcome = await authenticatePlain(frame, this.state, this.config);
    if (!outcome.ok) throw new UnauthenticatedError(outcome.message);
    return Buffer.alloc(SIZE_BYTES);
  }
}

/**
 * An API or version outside the table: UNSUPPORTED_VERSION. ApiVersions answers its v0 body
 * with our versions (KIP-511: the client then retries with one we have); any other API gets
 * the error code alone after the v0 header, all its version's schema would begin with.
 */
function unsupported(apiKey: number, correlationId: number): Buffer {
  if (apiKey === API_VERSIONS_KEY) {
    const body = apiVersionsBody(apiHandlers(), 0, KAFKA_ERROR.UNSUPPORTED_VERSION);
    return frameResponse(correlationId, false, body);
  }
  return frameResponse(
    correlationId,
    false,
    new KafkaWriter().int16(KAFKA_ERROR.UNSUPPORTED_VERSION),
  );
}
