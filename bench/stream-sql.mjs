// The stream SQL benchmark: records/s through a filter stream and through a windowed count
// (with its repartition stage), next to raw produce of the same records, in one run on one
// local worker. A query is created over a backlog (START = 'earliest') and timed until its
// output has caught up; raw produce is the rate the backlog was written at.
//
// Run with `node bench/stream-sql.mjs` (the Node 22 from node_modules: `npx node …`).
// Environment: BENCH_SQL_RECORDS=<n> records in the backlog (default 50000), BENCH_SQL_PARTITIONS
// (default 2). Prints one markdown table on stdout.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir, startWorker } from "./servers.mjs";

process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RECORDS = Number(process.env.BENCH_SQL_RECORDS ?? 50_000);
const PARTITIONS = Number(process.env.BENCH_SQL_PARTITIONS ?? 2);
/** Records per produce request: a typical batching producer's request. */
const BATCH = 1_000;
/** How long a query may take to catch up before the run is called failed. */
const CATCH_UP_MS_MAX = 600_000;

async function call(base, method, path, body) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text === "" ? null : JSON.parse(text);
}

async function produceBacklog(base, topic) {
  await call(base, "POST", "/v1/topics", { name: topic, partitions: PARTITIONS });
  const pages = ["/home", "/docs", "/pricing", "/blog"];
  const started = performance.now();
  for (let i = 0; i < RECORDS; i += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, RECORDS - i) }, (_, j) => ({
      key: `visitor-${(i + j) % 997}`,
      value: { page: pages[(i + j) % pages.length], ms: (i + j) % 500 },
    }));
    await call(base, "POST", `/v1/topics/${topic}/records`, { records });
  }
  return RECORDS / ((performance.now() - started) / 1000);
}

/** Creates the query and waits (polling its description) until every input record is in. */
async function timeQuery(base, sql) {
  const started = performance.now();
  const { id } = await call(base, "POST", "/v1/queries", { sql });
  for (;;) {
    const query = await call(base, "GET", `/v1/queries/${id}`);
    const done = query.partitions.every((p) => p.lagRecords === 0);
    const total = query.partitions.reduce((n, p) => n + p.recordsIn, 0);
    if (done && total === RECORDS) break;
    if (performance.now() - started > CATCH_UP_MS_MAX) throw new Error(`${sql}: no catch-up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return RECORDS / ((performance.now() - started) / 1000);
}

const dir = await makeTempDir("edgelog-bench-sql-");
const worker = await startWorker(join(ROOT, "wrangler.toml"), join(dir.path, "state"), {
  EDGELOG_DEV: "1",
});
try {
  const base = worker.url;
  const produced = await produceBacklog(base, "bench-beacons");
  const filter = await timeQuery(
    base,
    "CREATE STREAM slow_views WITH (START = 'earliest') AS SELECT page, ms FROM `bench-beacons` WHERE ms > 250",
  );
  const windowed = await timeQuery(
    base,
    "CREATE TABLE views_per_minute WITH (START = 'earliest') AS SELECT page, COUNT(*) AS views " +
      "FROM `bench-beacons` WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY page",
  );
  const round = (n) => Math.round(n).toLocaleString("en-US");
  console.log(`${RECORDS} records, ${PARTITIONS} partitions, one local worker\n`);
  console.log("| path | records/s |\n|---|---|");
  console.log(`| raw produce (batches of ${BATCH}) | ${round(produced)} |`);
  console.log(`| filter stream (WHERE, projection) | ${round(filter)} |`);
  console.log(`| windowed count (repartition + tumbling COUNT) | ${round(windowed)} |`);
} finally {
  await worker.dispose();
  await dir.remove();
}
