// The gateway's connection-level limits, in process: a frame of exactly KAFKA_FRAME_BYTES_MAX is
// read and answered, one byte more closes the connection unanswered; past KAFKA_CONNECTIONS_MAX
// open connections a new one is closed at once while the open ones keep being served.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KafkaGateway, startKafkaGateway } from "../../src/kafka/server.js";
import { KAFKA_CONNECTIONS_MAX, KAFKA_FRAME_BYTES_MAX } from "../../src/protocol/limits.js";

let gateway: KafkaGateway;
const log: string[] = [];

beforeAll(async () => {
  // ApiVersions needs no edgelog: the URL is never called.
  const config = {
    url: "http://127.0.0.1:9",
    token: undefined,
    advertisedHost: "127.0.0.1",
    advertisedPort: 0,
  };
  gateway = await startKafkaGateway(config, { host: "127.0.0.1", port: 0 }, (line) =>
    log.push(line),
  );
});
afterAll(async () => {
  await gateway.close();
});

function openConnections(): Promise<number> {
  return new Promise((resolve, reject) =>
    gateway.server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
  );
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(gateway.port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** The first answer's correlation id, or null if the gateway closes the connection first. */
function firstAnswer(socket: Socket): Promise<number | null> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 8) resolve(data.readInt32BE(4));
    });
    socket.once("close", () => resolve(null));
    socket.on("error", () => {});
  });
}

/** ApiVersions v0 with correlation id `id`, padded so the frame is `size` bytes after its length. */
function apiVersions(id: number, size: number): Buffer {
  const frame = Buffer.alloc(4 + size);
  frame.writeInt32BE(size, 0);
  frame.writeInt16BE(18, 4);
  frame.writeInt16BE(0, 6);
  frame.writeInt32BE(id, 8);
  frame.writeInt16BE(-1, 12);
  return frame;
}

describe("gateway limits", () => {
  it("reads a frame of exactly KAFKA_FRAME_BYTES_MAX and closes at one byte more", async () => {
    const atLimit = await open();
    const answered = firstAnswer(atLimit);
    atLimit.write(apiVersions(1, KAFKA_FRAME_BYTES_MAX));
    expect(await answered).toBe(1);
    atLimit.destroy();
    const past = await open();
    const refused = firstAnswer(past);
    past.write(apiVersions(2, KAFKA_FRAME_BYTES_MAX + 1).subarray(0, 64));
    expect(await refused).toBeNull();
    expect(log.at(-1)).toContain(`limit ${KAFKA_FRAME_BYTES_MAX}`);
  });

  it("closes connections past KAFKA_CONNECTIONS_MAX and keeps serving the open ones", async () => {
    // The previous test's connections must be gone from the server's count first.
    while ((await openConnections()) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const sockets = await Promise.all(Array.from({ length: KAFKA_CONNECTIONS_MAX }, open));
    const extra = await open();
    expect(await firstAnswer(extra)).toBeNull();
    const last = sockets.at(-1) as Socket;
    const answered = firstAnswer(last);
    last.write(apiVersions(3, 10));
    expect(await answered).toBe(3);
    for (const socket of sockets) socket.destroy();
  });
});
