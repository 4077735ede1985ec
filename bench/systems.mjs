// The systems under test behind one shape: create a log, produce batches, read the log back.
// Every adapter checks what it gets back, so a fast wrong answer is counted as an error.
import { encodeCommand, RespClient } from "./resp-client.mjs";

/** A request slower than this is a failure, so a stuck server cannot hang the run. */
const REQUEST_MS_MAX = 30_000;

/** Throws with the status and the body (edgelog's error JSON, verbatim) unless `status`. */
export async function expectStatus(response, status) {
  if (response.status === status) return;
  const body = await response.text();
  throw new Error(`HTTP ${response.status} ${body.slice(0, 300)}`);
}

/** Sends `body`, a JSON string, with `method` (POST, or PATCH to change a topic). */
export function sendJson(method, url, body) {
  const headers = { "content-type": "application/json" };
  return fetch(url, { method, headers, body, signal: AbortSignal.timeout(REQUEST_MS_MAX) });
}

function postJson(url, body) {
  return sendJson("POST", url, body);
}

export function get(url) {
  return fetch(url, { signal: AbortSignal.timeout(REQUEST_MS_MAX) });
}

/**
 * One partition per log: a topic with a single partition, written without keys. `variant` sets
 * the replication factor and acks; its label names the system in the table.
 */
export function edgelogSystem(
  baseUrl,
  variant = { label: "edgelog", replicationFactor: 1, acks: "all" },
) {
  const { label, replicationFactor, acks } = variant;
  return {
    name: label,
    async createLog(name) {
      const body = JSON.stringify({ name, partitions: 1, replicationFactor });
      await expectStatus(await postJson(new URL("/v1/topics", baseUrl), body), 201);
    },
    openProducer({ name, batch, value }) {
      const url = new URL(`/v1/topics/${name}/records`, baseUrl);
      const body = JSON.stringify({ records: Array(batch).fill({ value }), acks });
      const send = async () => {
        const response = await postJson(url, body);
        await expectStatus(response, 200);
        const { offsets } = await response.json();
        if (offsets.length !== batch) throw new Error(`${offsets.length} offsets for ${batch}`);
        return batch;
      };
      return { send, close: () => {} };
    },
    openReader({ name, pageRecords }) {
      let offset = 0;
      const readPage = async () => {
        const url = new URL(`/v1/topics/${name}/partitions/0/records`, baseUrl);
        url.search = `offset=${offset}&maxRecords=${pageRecords}`;
        const response = await get(url);
        await expectStatus(response, 200);
        const page = await response.json();
        const count = page.records.length;
        // Offsets are dense: a page starts where the last one ended and has no holes.
        if (
          count > 0 &&
          (page.records[0].offset !== offset || page.nextOffset !== offset + count)
        ) {
          throw new Error(`page at ${offset} holds offsets ${page.records[0].offset}..`);
        }
        offset = page.nextOffset;
        return { records: count, done: offset >= page.highWatermark };
      };
      return { readPage, close: () => {} };
    },
  };
}

/**
 * The baseline stores one request body per row. It gets the same JSON body edgelog gets, so the
 * bytes on the wire match; a row is a whole batch, and reads count the records in each row.
 */
export function baselineSystem(baseUrl) {
  return {
    name: "baseline",
    async createLog() {},
    openProducer({ name, batch, value }) {
      const url = new URL(`/append?log=${name}`, baseUrl);
      const body = JSON.stringify({ records: Array(batch).fill({ value }), acks: "all" });
      const send = async () => {
        const response = await postJson(url, body);
        await expectStatus(response, 200);
        const { id } = await response.json();
        if (!Number.isInteger(id)) throw new Error(`append answered id ${id}`);
        return batch;
      };
      return { send, close: () => {} };
    },
    openReader({ name, batch, pageRecords }) {
      // Rows per read chosen so one read moves about as many records as an edgelog page.
      const limit = Math.max(1, Math.floor(pageRecords / batch));
      let fromId = 1;
      const readPage = async () => {
        const response = await get(
          new URL(`/read?log=${name}&from=${fromId}&limit=${limit}`, baseUrl),
        );
        await expectStatus(response, 200);
        const text = await response.text();
        const rows = text === "" ? [] : text.split("\n");
        let records = 0;
        for (const row of rows) records += JSON.parse(row).records.length;
        fromId = Number(response.headers.get("x-next-id"));
        return { records, done: rows.length < limit };
      };
      return { readPage, close: () => {} };
    },
  };
}

/** Redis Streams: one stream per log; a batch is one pipeline of XADDs on one connection. */
export function redisSystem(port) {
  const connectAll = (count) =>
    Promise.all(Array.from({ length: count }, () => RespClient.connect("127.0.0.1", port)));
  const closeAll = (clients) => {
    for (const client of clients) client.close();
  };
  return {
    name: "redis",
    async createLog() {},
    async openProducer({ name, batch, value, concurrency }) {
      const clients = await connectAll(concurrency);
      const encoded = encodeCommand(["XADD", name, "*", "v", value]).repeat(batch);
      const send = async (worker) => {
        const replies = await clients[worker].pipeline(encoded, batch);
        const failed = replies.find((reply) => reply instanceof Error);
        if (failed !== undefined) throw failed;
        return batch;
      };
      return { send, close: () => closeAll(clients) };
    },
    async openReader({ name, pageRecords }) {
      const clients = await connectAll(1);
      let start = "-";
      const readPage = async () => {
        const count = String(pageRecords);
        const entries = await clients[0].command(["XRANGE", name, start, "+", "COUNT", count]);
        // Exclusive start "(id" (Redis 6.2+) resumes after the last entry read.
        if (entries.length > 0) start = `(${entries[entries.length - 1][0]}`;
        return { records: entries.length, done: entries.length < pageRecords };
      };
      return { readPage, close: () => closeAll(clients) };
    },
  };
}
