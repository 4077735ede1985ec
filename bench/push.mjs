// The push-subscription benchmark (`npm run bench:push`): how fast edgelog delivers a backlog to
// a local HTTP receiver, and how soon an idle subscription delivers a new record (woken by the
// append, no polling). edgelog runs under wrangler dev (EDGELOG_DEV=1, so an http:// loopback
// receiver is allowed); the receiver is a Node server in this process that checks every
// signature and that each partition's offsets arrive in order without gaps.
//
// Environment: BENCH_PUSH_RECORDS=<n> records in the backlog (default 20000), BENCH_PUSH_WAKES=<n>
// wake-up samples (default 30). Prints a markdown table.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { cpuMsOf } from "./proc.mjs";
import { PLAIN_VALUE } from "./records.mjs";
import { makeTempDir, startWorker } from "./servers.mjs";
import { percentile } from "./stats.mjs";
import { expectStatus, sendJson } from "./systems.mjs";

process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RECORDS = Number(process.env.BENCH_PUSH_RECORDS ?? 20_000);
const WAKES = Number(process.env.BENCH_PUSH_WAKES ?? 30);
const SECRET = "whsec_bench";
/** Records per produce request while loading the backlog. */
const LOAD_BATCH = 1_000;
/** No run may hang: a backlog not delivered within this fails the benchmark. */
const DELIVERY_MS_MAX = 300_000;

/** The receiver: counts records, checks signatures and per-partition order; notifies waiters. */
function startReceiver() {
  const next = new Map(); // partition -> next expected offset
  let records = 0;
  let batches = 0;
  let errors = 0;
  let waiters = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const [t, v1] = String(req.headers["edgelog-signature"] ?? "")
        .split(",")
        .map((part) => part.split("=")[1]);
      const expected = createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex");
      const delivery = JSON.parse(body);
      const first = delivery.records[0]?.offset;
      const want = next.get(delivery.partition) ?? first;
      if (v1 !== expected || first !== want) errors++;
      next.set(delivery.partition, (delivery.records.at(-1)?.offset ?? want - 1) + 1);
      records += delivery.records.length;
      batches++;
      res.writeHead(200).end();
      const now = performance.now();
      for (const waiter of waiters) waiter(now);
      waiters = [];
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/hook`,
        stats: () => ({ records, batches, errors }),
        reset: () => next.clear(),
        nextDelivery: () => new Promise((done) => waiters.push(done)),
        close: () => server.close(),
      });
    });
  });
}

async function waitFor(check, what) {
  const deadline = Date.now() + DELIVERY_MS_MAX;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function backlogCase(base, pid, receiver, { partitions, batchMaxRecords }) {
  const topic = `bench-push-${partitions}p-${batchMaxRecords}`;
  const create = JSON.stringify({ name: topic, partitions });
  await expectStatus(await sendJson("POST", new URL("/v1/topics", base), create), 201);
  const produceUrl = new URL(`/v1/topics/${topic}/records`, base);
  for (let sent = 0; sent < RECORDS; sent += LOAD_BATCH) {
    const records = Array.from({ length: LOAD_BATCH }, (_, i) => ({
      value: PLAIN_VALUE,
      partition: (sent + i) % partitions,
    }));
    await expectStatus(await sendJson("POST", produceUrl, JSON.stringify({ records })), 200);
  }
  const before = receiver.stats();
  const cpuBefore = cpuMsOf(pid);
  const started = performance.now();
  const put = JSON.stringify({
    url: receiver.url,
    secret: SECRET,
    startAt: "earliest",
    batchMaxRecords,
  });
  const path = new URL(`/v1/topics/${topic}/subscriptions/bench`, base);
  await expectStatus(await sendJson("PUT", path, put), 201);
  await waitFor(() => receiver.stats().records - before.records >= RECORDS, `${topic}'s backlog`);
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = cpuMsOf(pid) - cpuBefore;
  const after = receiver.stats();
  await sendJson("DELETE", path);
  receiver.reset();
  return {
    label: `${partitions} partition${partitions > 1 ? "s" : ""}, batches of ${batchMaxRecords}`,
    recordsPerSec: Math.round(RECORDS / seconds),
    batchesPerSec: Math.round((after.batches - before.batches) / seconds),
    cpuMsPer1k: (cpuMs / (RECORDS / 1000)).toFixed(2),
    errors: after.errors - before.errors,
  };
}

async function wakeCase(base, receiver) {
  const topic = "bench-push-wake";
  await expectStatus(
    await sendJson("POST", new URL("/v1/topics", base), JSON.stringify({ name: topic })),
    201,
  );
  const put = JSON.stringify({ url: receiver.url, secret: SECRET });
  await expectStatus(
    await sendJson("PUT", new URL(`/v1/topics/${topic}/subscriptions/wake`, base), put),
    201,
  );
  const produceUrl = new URL(`/v1/topics/${topic}/records`, base);
  const body = JSON.stringify({ records: [{ value: PLAIN_VALUE }] });
  const samples = [];
  for (let i = 0; i < WAKES; i++) {
    const delivered = receiver.nextDelivery();
    const sent = performance.now();
    await expectStatus(await sendJson("POST", produceUrl, body), 200);
    samples.push((await delivered) - sent);
    // Idle again: the subscription has armed its watch before the next append.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const sorted = samples.toSorted((a, b) => a - b);
  return { p50: percentile(sorted, 0.5).toFixed(1), p99: percentile(sorted, 0.99).toFixed(1) };
}

const loadAtStart = loadavg()[0].toFixed(2);
const dir = await makeTempDir("edgelog-bench-push-");
const receiver = await startReceiver();
const worker = await startWorker(`${ROOT}wrangler.toml`, dir.path, {
  EDGELOG_DEV: "1",
  EDGELOG_ADMIN_TOKEN: "",
});
try {
  const base = worker.url;
  const rows = [];
  for (const shape of [
    { partitions: 1, batchMaxRecords: 100 },
    { partitions: 1, batchMaxRecords: 1000 },
    { partitions: 4, batchMaxRecords: 100 },
  ]) {
    rows.push(await backlogCase(base, worker.pid, receiver, shape));
  }
  const wake = await wakeCase(base, receiver);
  console.log(
    `Push subscription delivery to a local receiver, ${RECORDS} records of 100 B ` +
      `(load average ${loadAtStart} at start):\n`,
  );
  console.log("| backlog | records/s | POSTs/s | server CPU ms / 1k rec | errors |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.recordsPerSec} | ${r.batchesPerSec} | ${r.cpuMsPer1k} | ${r.errors} |`,
    );
  }
  console.log(
    `\nIdle subscription, one record produced → delivered: p50 ${wake.p50} ms, p99 ${wake.p99} ms (${WAKES} samples).`,
  );
} finally {
  await worker.dispose();
  receiver.close();
  await dir.remove();
}
