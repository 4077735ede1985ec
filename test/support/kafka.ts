// A wrangler dev and a Kafka gateway in front of it for one e2e test file, and the Kafka clients
// the tests drive: kcat (librdkafka) as a child process, fed on stdin.
import { execFile } from "node:child_process";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { KafkaReader } from "../../src/kafka/codec/reader.js";
import { KafkaWriter } from "../../src/kafka/codec/writer.js";
import type { GatewayConfig } from "../../src/kafka/gateway-config.js";
import { type KafkaGateway, startKafkaGateway } from "../../src/kafka/server.js";
import { type WranglerDev, wranglerDevForFile } from "./wrangler-dev.js";

export interface GatewayForFile {
  dev: () => WranglerDev;
  /** host:port of the gateway, for `-b` / `brokers`. */
  broker: () => string;
  /** What the gateway logged (closed connections and why). */
  log: string[];
}

/** wrangler dev (vars as given) and the gateway, started before the file's tests. */
export function kafkaGatewayForFile(
  prefix: string,
  vars: Record<string, string> = {},
  token?: string,
): GatewayForFile {
  const dev = wranglerDevForFile(prefix, vars);
  const log: string[] = [];
  let gateway: KafkaGateway | undefined;
  beforeAll(async () => {
    const config: GatewayConfig = {
      url: dev.current().base,
      token,
      advertisedHost: "127.0.0.1",
      advertisedPort: 0,
    };
    gateway = await startKafkaGateway(config, { host: "127.0.0.1", port: 0 }, (line) =>
      log.push(line),
    );
  });
  afterAll(async () => {
    await gateway?.close();
  });
  return {
    dev: () => dev.current(),
    broker: () => {
      if (gateway === undefined) throw new Error("the gateway is not running");
      return `127.0.0.1:${gateway.port}`;
    },
    log,
  };
}

export interface KcatResult {
  code: number;
  stdout: string;
  /** stdout as bytes, for byte-exact checks. */
  bytes: Buffer;
  stderr: string;
}

/** Bounds one kcat run: a hung client fails its test instead of the whole file's timeout. */
const KCAT_MS_MAX = 30_000;

/** Runs kcat with `args`, `input` on stdin; resolves with its exit code and output. */
export function kcat(args: string[], input: string | Buffer = ""): Promise<KcatResult> {
  return new Promise((resolve) => {
    const child = execFile(
      "kcat",
      args,
      { timeout: KCAT_MS_MAX, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({
          code,
          stdout: stdout.toString("utf8"),
          bytes: stdout,
          stderr: stderr.toString("utf8"),
        });
      },
    );
    child.stdin?.end(input);
  });
}

/** One raw Kafka connection: frames out, frames in, for protocol-level and fuzz tests. */
export class RawKafkaConnection {
  private buffered = Buffer.alloc(0);
  private readonly waiting: Array<(frame: Buffer | null) => void> = [];
  private readonly frames: Array<Buffer | null> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        this.deliver(this.buffered.subarray(4, 4 + size));
        this.buffered = this.buffered.subarray(4 + size);
      }
    });
    socket.on("close", () => {
      this.closed = true;
      while (this.waiting.length > 0) this.deliver(null);
    });
    socket.on("error", () => {});
  }

  static open(broker: string): Promise<RawKafkaConnection> {
    const [host, port] = broker.split(":") as [string, string];
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), host, () => resolve(new RawKafkaConnection(socket)));
      socket.once("error", reject);
    });
  }

  private deliver(frame: Buffer | null): void {
    const next = this.waiting.shift();
    if (next === undefined) this.frames.push(frame);
    else next(frame);
  }

  /** The next answer frame (after its size), or null once the gateway closed the connection. */
  next(): Promise<Buffer | null> {
    if (this.frames.length > 0) return Promise.resolve(this.frames.shift() ?? null);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends one request: header v1 (v2 when `flexible`) and `body`. */
  send(
    apiKey: number,
    apiVersion: number,
    correlationId: number,
    body: Buffer,
    flexible = false,
  ): void {
    const header = new KafkaWriter().int16(apiKey).int16(apiVersion).int32(correlationId);
    header.nullableStr(false, "raw-test").taggedFields(flexible);
    const frame = Buffer.concat([header.bytes(), body]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(frame.length);
    this.socket.write(Buffer.concat([size, frame]));
  }

  /** Sends a request and reads its answer: a reader past the correlation id (and header tags). */
  async call(apiKey: number, apiVersion: number, body: Buffer, flexible = false) {
    const correlationId = Math.floor(Math.random() * 1_000_000);
    this.send(apiKey, apiVersion, correlationId, body, flexible);
    const frame = await this.next();
    if (frame === null) return null;
    const reader = new KafkaReader(frame);
    if (reader.int32() !== correlationId) throw new Error("answer to another request");
    reader.taggedFields(flexible && apiKey !== 18);
    return reader;
  }

  close(): void {
    this.socket.destroy();
  }
}
