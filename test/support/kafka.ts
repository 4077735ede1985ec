// A wrangler dev and a Kafka gateway in front of it for one e2e test file, and the Kafka clients
// the tests drive: kcat (librdkafka) as a child process, fed on stdin.
import { execFile } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
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
