// `edgelog kafka-gateway` as the CLI runs it: --help lists every option, a bad address is a
// usage error, and the command serves Kafka's protocol until it is stopped.
import { connect } from "node:net";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

function io(argv: string[], signal: AbortSignal) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const run = main({
    argv,
    env: {},
    stdin: new PassThrough(),
    stdout,
    stderr,
    signal,
    version: () => "test",
  });
  return { run, out: () => out, err: () => err };
}

describe("edgelog kafka-gateway", () => {
  it("lists every option in --help", async () => {
    const cli = io(["kafka-gateway", "--help"], new AbortController().signal);
    expect(await cli.run).toBe(0);
    for (const option of ["--listen", "--advertise", "--url", "--token"]) {
      expect(cli.out()).toContain(option);
    }
  });

  it("refuses an address that is not host:port with a usage error", async () => {
    const cli = io(["kafka-gateway", "--listen", "9092"], new AbortController().signal);
    expect(await cli.run).toBe(2);
    expect(cli.err()).toContain('--listen must be host:port, not "9092"');
  });

  it("serves Kafka on the listen address until stopped", async () => {
    const stop = new AbortController();
    const cli = io(
      ["kafka-gateway", "--listen", "127.0.0.1:0", "--url", "http://127.0.0.1:9"],
      stop.signal,
    );
    let port = 0;
    while (port === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      port = Number(/Kafka protocol on 127\.0\.0\.1:(\d+)/.exec(cli.err())?.[1] ?? 0);
    }
    // An ApiVersions v0 request, answered without asking edgelog.
    const answer = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(Buffer.from([0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 7, 0xff, 0xff]));
      });
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data);
      });
      socket.once("error", reject);
    });
    expect(answer.readInt32BE(4)).toBe(7);
    expect(answer.readInt16BE(8)).toBe(0);
    stop.abort();
    expect(await cli.run).toBe(0);
  });
});
