// KAFKA_IN_FLIGHT_PER_CONNECTION_MAX: a client that pipelines more requests than that has at
// most that many running at once (the gateway stops reading its socket), and every answer still
// comes back, in request order. edgelog is a small HTTP server here that holds each topic
// listing until the test has counted the requests running.
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KafkaGateway, startKafkaGateway } from "../../src/kafka/server.js";
import { edgelogFor } from "../../src/kafka/session.js";
import { TopicIds } from "../../src/kafka/topic-ids.js";
import {
  KAFKA_IN_FLIGHT_PER_CONNECTION_MAX,
  TOPIC_IDS_REMEMBERED_MAX,
} from "../../src/protocol/limits.js";

let edgelog: Server;
let gateway: KafkaGateway;
let running = 0;
let runningMax = 0;
const held: Array<() => void> = [];

beforeAll(async () => {
  edgelog = createServer((_request, response) => {
    running++;
    runningMax = Math.max(runningMax, running);
    held.push(() => {
      running--;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ topics: [] }));
    });
  });
  await new Promise<void>((resolve) => edgelog.listen(0, "127.0.0.1", resolve));
  const address = edgelog.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const config = {
    url: `http://127.0.0.1:${port}`,
    token: undefined,
    advertisedHost: "127.0.0.1",
    advertisedPort: 0,
  };
  gateway = await startKafkaGateway(config, { host: "127.0.0.1", port: 0 }, () => {});
});
afterAll(async () => {
  await gateway.close();
  edgelog.closeAllConnections();
  await new Promise((resolve) => edgelog.close(resolve));
});

/** Metadata v1 for every topic, correlation id `id`: one topic listing asked of edgelog. */
function metadata(id: number): Buffer {
  const frame = Buffer.alloc(4 + 14);
  frame.writeInt32BE(14, 0);
  frame.writeInt16BE(3, 4);
  frame.writeInt16BE(1, 6);
  frame.writeInt32BE(id, 8);
  frame.writeInt16BE(-1, 12);
  frame.writeInt32BE(-1, 14);
  return frame;
}

describe("requests in flight on one connection", () => {
  it(`runs at most ${KAFKA_IN_FLIGHT_PER_CONNECTION_MAX} at once and answers all, in order`, async () => {
    const count = KAFKA_IN_FLIGHT_PER_CONNECTION_MAX * 3;
    const socket = await new Promise<ReturnType<typeof connect>>((resolve) => {
      const s = connect(gateway.port, "127.0.0.1", () => resolve(s));
    });
    const ids: number[] = [];
    let buffered = Buffer.alloc(0);
    const done = new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
          ids.push(buffered.readInt32BE(4));
          buffered = buffered.subarray(4 + buffered.readInt32BE(0));
        }
        if (ids.length === count) resolve();
      });
    });
    socket.write(Buffer.concat(Array.from({ length: count }, (_, i) => metadata(i))));
    // Release held listings one at a time, once each has arrived.
    let released = 0;
    while (released < count) {
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      (held.shift() as () => void)();
      released++;
    }
    await done;
    socket.destroy();
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(runningMax).toBeLessThanOrEqual(KAFKA_IN_FLIGHT_PER_CONNECTION_MAX);
    expect(runningMax).toBeGreaterThan(1);
  });
});

describe("topic ids", () => {
  it(`remembers at most ${TOPIC_IDS_REMEMBERED_MAX}, forgetting the oldest`, async () => {
    const ids = new TopicIds();
    const uuid = (i: number) => `00000000-0000-0000-0000-${i.toString(16).padStart(12, "0")}`;
    for (let i = 0; i <= TOPIC_IDS_REMEMBERED_MAX; i++) ids.remember(uuid(i), `t${i}`);
    // No edgelog request for a remembered id; the forgotten one asks edgelog, which lists none.
    const offline = edgelogFor("http://127.0.0.1:9", undefined, null);
    const last = Buffer.from(uuid(TOPIC_IDS_REMEMBERED_MAX).replace(/-/g, ""), "hex");
    expect(await ids.nameOf(last, offline)).toBe(`t${TOPIC_IDS_REMEMBERED_MAX}`);
    const first = Buffer.from(uuid(0).replace(/-/g, ""), "hex");
    await expect(ids.nameOf(first, offline)).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
