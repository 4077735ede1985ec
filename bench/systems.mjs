// The systems under test behind one shape: each answers, for a workload, how the load generator
// produces to it and reads from it (a wrk script and its settings, or a redis-benchmark
// command), and the pid whose CPU time is the server's.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runRedisBenchmark } from "./loadgen.mjs";
import { redisCli } from "./servers.mjs";

/** A request slower than this is a failure, so a stuck server cannot hang the run. */
const REQUEST_MS_MAX = 30_000;
/** Requests in flight while filling a log for the fetch cases. */
const FILL_CONCURRENCY = 4;

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

export function get(url) {
  return fetch(url, { signal: AbortSignal.timeout(REQUEST_MS_MAX) });
}

/** Writes a request body to a file under `dir` once, for wrk's post.lua to send. */
function bodyFiles(dir) {
  const written = new Map();
  return async (name, text) => {
    if (!written.has(name)) {
      const path = join(dir, `${name}.body`);
      written.set(
        name,
        writeFile(path, text).then(() => path),
      );
    }
    return written.get(name);
  };
}

/** `requests` POSTs of `body` to `url`, FILL_CONCURRENCY at a time, each answered 200. */
async function postMany(url, body, requests) {
  let sent = 0;
  const loop = async () => {
    while (sent < requests) {
      sent++;
      await expectStatus(await sendJson("POST", url, body), 200);
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, loop));
}

const post = (url, bodyFile, recordsPerRequest) => ({
  tool: "wrk",
  url,
  recordsPerRequest,
  script: "post.lua",
  env: { BENCH_BODY_FILE: bodyFile, BENCH_CONTENT_TYPE: "application/json" },
});

const getRandom = (url, path, from, to, recordsPerRequest) => ({
  tool: "wrk",
  url,
  recordsPerRequest,
  script: "fetch.lua",
  env: { BENCH_PATH: path, BENCH_FROM: String(from), BENCH_TO: String(to) },
});

/**
 * edgelog, one single-partition topic per case. `replicationFactor` and `acks` name the
 * variant; `fetches` is false for a variant whose reads are another's (acks is the producer's).
 */
export function edgelogSystem({ url, pid, dir, label, replicationFactor, acks, fetches = true }) {
  const body = bodyFiles(dir);
  const slug = label.replace(/[^A-Za-z0-9]+/g, "-");
  const createTopic = async (name) => {
    const topic = JSON.stringify({ name, partitions: 1, replicationFactor });
    await expectStatus(await sendJson("POST", new URL("/v1/topics", url), topic), 201);
  };
  return {
    name: label,
    pid,
    fetches,
    async producer(work, caseName) {
      const topic = `bench-${slug}-${caseName}`;
      await createTopic(topic);
      const text = JSON.stringify({ records: work.records, acks });
      const bodyFile = await body(`${slug}-${caseName}`, text);
      return post(new URL(`/v1/topics/${topic}/records`, url), bodyFile, work.batch);
    },
    async fillForFetch(work, records) {
      const topic = `bench-${slug}-fetch`;
      await createTopic(topic);
      const text = JSON.stringify({ records: work.records, acks });
      await postMany(new URL(`/v1/topics/${topic}/records`, url), text, records / work.batch);
      const path = `/v1/topics/${topic}/partitions/0/records?offset=%d&maxRecords=${work.batch}`;
      // wrk checks statuses only: one read here checks a page holds a whole batch.
      const last = records - work.batch;
      const page = await get(new URL(path.replace("%d", String(last)), url));
      await expectStatus(page, 200);
      const count = (await page.json()).records.length;
      if (count !== work.batch) throw new Error(`a fetch of ${work.batch} answered ${count}`);
      return getRandom(url, path, 0, last, work.batch);
    },
  };
}

/**
 * The raw-append Durable Object (bench/baseline/): it stores each request body, the same JSON
 * edgelog gets, as one row, and a read answers one stored row (one batch) as is.
 */
export function baselineSystem({ url, pid, dir }) {
  const body = bodyFiles(dir);
  return {
    name: "raw-append DO",
    pid,
    fetches: true,
    async producer(work, caseName) {
      const text = JSON.stringify({ records: work.records, acks: "all" });
      const bodyFile = await body(`baseline-${caseName}`, text);
      return post(new URL(`/append?log=${caseName}`, url), bodyFile, work.batch);
    },
    async fillForFetch(work, records) {
      const text = JSON.stringify({ records: work.records, acks: "all" });
      const rows = records / work.batch;
      await postMany(new URL("/append?log=fetch", url), text, rows);
      const page = await get(new URL(`/read?log=fetch&from=${rows}&limit=1`, url));
      await expectStatus(page, 200);
      const count = JSON.parse(await page.text()).records.length;
      if (count !== work.batch) throw new Error(`a row read answered ${count} records`);
      return getRandom(url, "/read?log=fetch&from=%d&limit=1", 1, rows, work.batch);
    },
  };
}

/** The floor: a worker that reads the request body and answers "hello", no storage at all. */
export function helloSystem({ url, pid, dir }) {
  const body = bodyFiles(dir);
  return {
    name: "hello-world worker",
    pid,
    fetches: true,
    async producer(work, caseName) {
      const text = JSON.stringify({ records: work.records });
      return post(new URL("/hello", url), await body(`hello-${caseName}`, text), work.batch);
    },
    // Its reads are the floor of a request, counted as carrying a batch like the others' do.
    async fillForFetch(work) {
      return getRandom(url, "/hello?offset=%d", 0, 1_000_000, work.batch);
    },
  };
}

/**
 * Redis Streams, one stream per case: a produce request is a pipeline of `batch` XADDs, one
 * record each; a fetch is an XRANGE of one batch from a random entry. Entries get ids 1-0, 1-1, …
 * (`1-*`) so redis-benchmark's __rand_int__ can name a start id anywhere in the stream.
 */
export function redisSystem({ port, pid }) {
  return {
    name: "Redis Streams",
    pid,
    fetches: true,
    async producer(work, caseName) {
      const stream = `bench-${caseName}`;
      return {
        tool: "redis",
        port,
        stream,
        recordsPerRequest: 1, // one XADD, one record
        pipeline: work.batch,
        command: ["XADD", stream, "*", ...work.redisFields],
      };
    },
    async fillForFetch(work, records) {
      const stream = "bench-fetch";
      const command = ["XADD", stream, "1-*", ...work.redisFields];
      await runRedisBenchmark({ port, command, requests: records, connections: 1, pipeline: 1000 });
      const length = Number(await redisCli(port, "XLEN", stream));
      if (length !== records) throw new Error(`${stream} holds ${length} entries, not ${records}`);
      return {
        tool: "redis",
        port,
        recordsPerRequest: work.batch,
        pipeline: 1,
        random: records - work.batch,
        command: ["XRANGE", stream, "1-__rand_int__", "+", "COUNT", String(work.batch)],
      };
    },
  };
}
