// The edgelog benchmark: produce, fetch and long-poll figures of edgelog next to a raw-append
// SQLite Durable Object (bench/baseline/), a hello-world worker, and Redis Streams with an
// append-only file fsynced every second, all on this machine, one partition each.
//
// Run with `npm run bench` (it needs the Node 22 and wrangler from node_modules, and wrk; Redis
// is optional; see ensureTools in servers.mjs). The load comes from wrk and redis-benchmark, C
// programs whose CPU use is printed next to each case to show they were not the bottleneck.
//
// Environment:
//   BENCH_CASES=<a,b>  the cases to run (default all): produce-1, produce-100, produce-1000,
//                      produce-realistic-1000, fetch-1000, fetch-1000-c8, wakeup, compaction.
//   BENCH_SECONDS=<n>  measured seconds per case and system (default 6; 2 with BENCH_QUICK),
//                      split into ROUNDS rounds of whole seconds (wrk takes no fractions).
//   BENCH_QUICK=1      a smoke run: short cases, fewer wake-up samples, a smaller compaction.
//   BENCH_COMPACTION_RECORDS=<n>  records in the compaction case's partition (default 1000000;
//                      200000 with BENCH_QUICK).
//   BENCH_COMPACTION_KEYS=<n>     distinct keys among them, what compaction leaves (default 1000).
//
// Prints markdown tables on stdout (progress on stderr) and writes bench/results/<time>.json.
// Exits non-zero if anything failed to start or any request failed (errors listed under the table).
import { rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CASES, runCase } from "./cases.mjs";
import { benchCompaction } from "./compaction.mjs";
import {
  CLIENT_BOUND_PERCENT,
  formatCompaction,
  formatCompactionErrors,
  formatErrors,
  formatTable,
  formatWakeup,
  writeResults,
} from "./report.mjs";
import { ensureTools, machine, makeTempDir, startRedis, startWorker } from "./servers.mjs";
import { baselineSystem, edgelogSystem, helloSystem, redisSystem } from "./systems.mjs";
import { benchWakeup } from "./wakeup.mjs";

// Local workerd must not try to download request.cf data: this runs without internet.
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const QUICK = process.env.BENCH_QUICK === "1";
/** Rounds each case is split into, the systems taking turns within a round. */
const ROUNDS = 2;
const CASE_SECONDS = parsePositive("BENCH_SECONDS", QUICK ? 2 : 6, Number.isFinite);
const ROUND_SECONDS = Math.max(1, Math.round(CASE_SECONDS / ROUNDS));
/** Warm-up before each case and system, not measured: warms the JIT and the connections. */
const WARMUP_SECONDS = QUICK ? 0 : 1;
/** Long-poll wake-up samples per system: enough for a p99 of 2 samples at the full count. */
const WAKEUP_SAMPLES = QUICK ? 30 : 200;
/** The compaction case: one partition of many small records over few keys. */
const COMPACTION_RECORDS = parsePositive(
  "BENCH_COMPACTION_RECORDS",
  QUICK ? 200_000 : 1_000_000,
  Number.isSafeInteger,
);
const COMPACTION_KEYS = parsePositive("BENCH_COMPACTION_KEYS", 1_000, Number.isSafeInteger);
/** Records per produce request while loading it: edgelog's most per request. */
const COMPACTION_BATCH = 10_000;
const ALL_CASES = [...CASES.map((c) => c.name), "wakeup", "compaction"];
const SELECTED = parseCases(process.env.BENCH_CASES);

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL("results/", import.meta.url));

/** A positive number from the environment variable `name` passing `valid`, or `fallback`. */
function parsePositive(name, fallback, valid) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!valid(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function parseCases(raw) {
  if (raw === undefined || raw === "") return ALL_CASES;
  const names = raw.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !ALL_CASES.includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown BENCH_CASES ${unknown.join(", ")}; cases: ${ALL_CASES.join(", ")}`);
  }
  return ALL_CASES.filter((name) => names.includes(name));
}

/** Starts everything, registering each stop with `onCleanup` as soon as there is one to stop. */
async function startSystems(onCleanup, { redis }) {
  const bodies = await makeTempDir("edgelog-bench-bodies-");
  onCleanup(bodies.remove, bodies.removeNow);
  const edgelogDir = await makeTempDir("edgelog-bench-");
  onCleanup(edgelogDir.remove, edgelogDir.removeNow);
  // A local run like `npm start`: open, no tokens (auth costs are not what this measures).
  const edgelog = await startWorker(`${ROOT}wrangler.toml`, edgelogDir.path, {
    EDGELOG_DEV: "1",
    EDGELOG_ADMIN_TOKEN: "",
  });
  onCleanup(edgelog.dispose); // on a hurried exit miniflare's own exit hook kills workerd
  const common = { url: edgelog.url, pid: edgelog.pid, dir: bodies.path };
  const systems = [
    edgelogSystem({ ...common, label: "edgelog", replicationFactor: 1, acks: "all" }),
  ];
  // Replication: three replica objects per partition, acks="all" (the ISR) and acks=1; reads
  // are the same for both (acks is the producer's choice), so only the first is fetched from.
  for (const acks of ["all", 1]) {
    const label = `edgelog RF=3 acks=${acks}`;
    const fetches = acks === "all";
    systems.push(edgelogSystem({ ...common, label, replicationFactor: 3, acks, fetches }));
  }

  const baselineDir = await makeTempDir("edgelog-bench-baseline-");
  onCleanup(baselineDir.remove, baselineDir.removeNow);
  // wrangler bundles into .wrangler/tmp next to the config; only the baseline's is ours to remove.
  const bundleDir = `${ROOT}bench/baseline/.wrangler`;
  onCleanup(
    () => rm(bundleDir, { recursive: true, force: true }),
    () => rmSync(bundleDir, { recursive: true, force: true }),
  );
  const baseline = await startWorker(`${ROOT}bench/baseline/wrangler.toml`, baselineDir.path);
  onCleanup(baseline.dispose);
  const floor = { url: baseline.url, pid: baseline.pid, dir: bodies.path };
  systems.push(baselineSystem(floor), helloSystem(floor));

  if (redis) {
    const redisDir = await makeTempDir("edgelog-bench-redis-");
    onCleanup(redisDir.remove, redisDir.removeNow);
    const server = await startRedis(redisDir.path);
    onCleanup(server.stop, server.kill);
    systems.push(redisSystem(server));
  }
  return { systems, edgelogUrl: edgelog.url }; // wake-up and compaction run on edgelog alone
}

/** The compaction case; a failure becomes `{error}` so the figures already measured survive. */
async function runCompaction(baseUrl) {
  const options = { records: COMPACTION_RECORDS, keys: COMPACTION_KEYS, batch: COMPACTION_BATCH };
  console.error(`  compaction: ${options.records} records over ${options.keys} keys`);
  try {
    return await benchCompaction(baseUrl, options);
  } catch (error) {
    console.error("  compaction failed:", error);
    return { ...options, error: error instanceof Error ? error.message : String(error) };
  }
}

async function main(onCleanup) {
  const startedAt = new Date();
  const tools = ensureTools();
  const env = machine(ROOT);
  console.error(
    `edgelog bench: ${ROUNDS} rounds of ${ROUND_SECONDS} s per case${QUICK ? " (quick)" : ""}`,
  );
  if (env.loadAverage1mAtStart > 0.5) {
    console.error(`warning: load average ${env.loadAverage1mAtStart.toFixed(2)} before start`);
  }
  const { systems, edgelogUrl } = await startSystems(onCleanup, tools);
  const options = {
    rounds: ROUNDS,
    roundSeconds: ROUND_SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    log: (line) => console.error(line),
  };
  const results = [];
  const caseNames = CASES.map((c) => c.name).filter((name) => SELECTED.includes(name));
  for (const testCase of CASES.filter((c) => caseNames.includes(c.name))) {
    results.push(...(await runCase(testCase, systems, options)));
  }
  const wakeups = [];
  if (SELECTED.includes("wakeup")) {
    for (const replicationFactor of [1, 3]) {
      const label = replicationFactor === 1 ? "edgelog" : "edgelog RF=3 acks=all";
      const samples = WAKEUP_SAMPLES;
      wakeups.push(await benchWakeup(edgelogUrl, { label, replicationFactor, samples }));
    }
  }
  const compaction = SELECTED.includes("compaction") ? await runCompaction(edgelogUrl) : null;

  const cores = `${env.cpus} × ${env.cpuModel}`;
  console.log(
    `${env.date.slice(0, 10)}, ${cores}, workerd ${env.workerd}, ${env.redis ?? "no Redis"}, ` +
      `${env.wrk}; load average ${env.loadAverage1mAtStart.toFixed(2)} at start.\n`,
  );
  if (results.length > 0) {
    console.log(formatTable(results, caseNames));
    console.log(
      `\n${ROUNDS} rounds of ${ROUND_SECONDS} s per case and system ` +
        (WARMUP_SECONDS > 0 ? `after ${WARMUP_SECONDS} s of warm-up, ` : "without warm-up, ") +
        "the systems taking turns; p50 is the mean of the rounds', p99 the worst " +
        'round\'s. "!" = errors below.',
    );
    if (results.some((r) => r.clientCpuPercent >= CLIENT_BOUND_PERCENT)) {
      console.log(
        `‡ the load generator used ${CLIENT_BOUND_PERCENT}% of a core or more: that row ` +
          "measures the client as much as the server, its rec/s is a lower bound.",
      );
    }
  }
  if (wakeups.length > 0) console.log(`\n${formatWakeup(wakeups)}`);
  const errors = formatErrors(results);
  if (errors !== "") console.log(`\nErrors:\n${errors}`);
  if (compaction !== null && compaction.error === undefined) {
    console.log(`\n${formatCompaction(compaction)}`);
    const probeErrors = formatCompactionErrors(compaction);
    if (probeErrors !== "") console.log(`\nErrors:\n${probeErrors}`);
  } else if (compaction !== null) {
    console.log(`\nCompaction failed: ${compaction.error}`);
  }

  const config = {
    quick: QUICK,
    cases: SELECTED,
    rounds: ROUNDS,
    roundSeconds: ROUND_SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    caseDefinitions: CASES,
    wakeupSamples: WAKEUP_SAMPLES,
    compactionRecords: COMPACTION_RECORDS,
    compactionKeys: COMPACTION_KEYS,
    compactionBatch: COMPACTION_BATCH,
  };
  const document = { startedAt: startedAt.toISOString(), environment: env, config };
  Object.assign(document, { results, wakeups, compaction });
  const path = await writeResults(RESULTS_DIR, startedAt, document);
  console.error(`results written to ${path}`);
  const compactionOk =
    compaction === null ||
    (compaction.error === undefined &&
      compaction.idleProbe.errors === 0 &&
      compaction.compactingProbe.errors === 0);
  const wakeupsOk = wakeups.every((w) => w.errors === 0);
  return compactionOk && wakeupsOk && results.every((result) => result.errors === 0);
}

/**
 * What to undo, newest first: `stop` is the orderly (async) way, `stopNow` the synchronous one
 * for an exit that cannot wait. On Ctrl-C miniflare's own SIGINT handler kills workerd and calls
 * process.exit at once, and then only "exit" listeners, which must be synchronous, still run.
 */
const cleanups = [];
const onCleanup = (stop, stopNow) => cleanups.push({ stop, stopNow });

/**
 * Runs the orderly stops, newest first; one failing does not stop the others. An entry leaves
 * the list only once its stop has finished, so an exit in the middle still runs its `stopNow`.
 */
async function cleanUp() {
  for (;;) {
    const entry = cleanups.findLast((candidate) => !candidate.started);
    if (entry === undefined) return;
    entry.started = true; // a second caller (Ctrl-C during cleanup) moves on to the next one
    try {
      await entry.stop();
    } catch (error) {
      console.error("cleanup failed:", error);
    }
    cleanups.splice(cleanups.indexOf(entry), 1);
  }
}

process.on("exit", () => {
  for (const { stopNow } of cleanups.splice(0).reverse()) {
    try {
      stopNow?.();
    } catch {
      // Exiting anyway; the other leftovers still get their turn.
    }
  }
});
process.once("SIGINT", () => cleanUp().finally(() => process.exit(130)));

let exitCode = 1;
try {
  exitCode = (await main(onCleanup)) ? 0 : 1;
} catch (error) {
  console.error("bench failed:", error);
} finally {
  await cleanUp();
}
// wrangler can leave timers behind after dispose; the run is over either way.
process.exit(exitCode);
