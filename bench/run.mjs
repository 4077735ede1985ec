// The edgelog benchmark: produce and fetch throughput and latency of edgelog, of a minimal
// SQLite Durable Object baseline (bench/baseline/) and, when redis-server is installed, of Redis
// Streams, all on this machine, one partition each.
//
// Run with `npm run bench` (it needs the Node 22 and wrangler from node_modules).
//
// Environment:
//   BENCH_SECONDS=<n>  seconds each produce case runs, and the most each fetch case runs
//                      (default 8; 2 with BENCH_QUICK).
//   BENCH_QUICK=1      a smoke run: short cases and warm-ups, same batches and concurrency.
//   BENCH_COMPACTION_RECORDS=<n>  records in the compaction case's partition (default 1000000;
//                      200000 with BENCH_QUICK).
//   BENCH_COMPACTION_KEYS=<n>     distinct keys among them, what compaction leaves (default 1000).
//
// Prints a markdown table on stdout (progress on stderr) and writes bench/results/<time>.json.
// Exits non-zero if anything failed to start or any request failed (errors listed under the table).
//
// Workload: each record's value is the same 100-character ASCII JSON string (100 bytes UTF-8),
// no key, no headers; MB/s counts those value bytes only (MB = 10^6 bytes). Each case writes its
// own log (topic, Durable Object or stream) after a warm-up into that same log, then the fetch
// phase reads that log from its start in pages of about 1,000 records with one reader.
//
// Then the compaction case, on edgelog alone (bench/compaction.mjs): one partition loaded with
// small keyed records, switched to cleanupPolicy "compact"; it reports storage before and after,
// the time to reach the live keys, and a latency probe's figures idle and during compaction.
import { readFileSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { benchCompaction } from "./compaction.mjs";
import { mergeRuns, runProducers, runReader, summarise } from "./load.mjs";
import {
  formatCompaction,
  formatCompactionErrors,
  formatErrors,
  formatReplicationRatios,
  formatTable,
  formatThinCases,
  writeResults,
} from "./report.mjs";
import { hasRedis, makeTempDir, redisVersion, startRedis, startWorker } from "./servers.mjs";
import { baselineSystem, edgelogSystem, redisSystem } from "./systems.mjs";

// Local workerd must not try to download request.cf data: this runs without internet.
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const QUICK = process.env.BENCH_QUICK === "1";
const CASE_SECONDS = parseSeconds(process.env.BENCH_SECONDS, QUICK ? 2 : 8);
/** Warm-up before each produce case: creates the object, opens connections, warms the JIT. */
const WARMUP_SECONDS = QUICK ? 0.5 : 1;

const VALUE = "edgelog-bench-".padEnd(100, "0123456789");
const VALUE_BYTES = Buffer.byteLength(VALUE);
const BATCHES = [1, 100, 1000];
/** In-flight requests per batch size; fewer for big batches so a request stays one unit of work. */
const CONCURRENCY_BY_BATCH = { 1: 8, 100: 8, 1000: 4 };
/** Records per fetch request (edgelog's maxRecords; XRANGE COUNT; baseline rows × batch). */
const FETCH_PAGE_RECORDS = 1000;
/** Most records one fetch case reads, so a fast producer's huge log cannot stretch the run. */
const FETCH_RECORDS_MAX = 200_000;
/** The compaction case: one partition of many small records over few keys. */
const COMPACTION_RECORDS = parseCount("BENCH_COMPACTION_RECORDS", QUICK ? 200_000 : 1_000_000);
const COMPACTION_KEYS = parseCount("BENCH_COMPACTION_KEYS", 1_000);
/** Records per produce request while loading it: edgelog's most per request. */
const COMPACTION_BATCH = 10_000;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL("results/", import.meta.url));

function parseSeconds(raw, fallback) {
  if (raw === undefined || raw === "") return fallback;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(
      `BENCH_SECONDS must be a positive number of seconds, got ${JSON.stringify(raw)}`,
    );
  }
  return seconds;
}

/** A positive integer from the environment variable `name`, or `fallback` when unset. */
function parseCount(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const count = Number(raw);
  if (!Number.isSafeInteger(count) || count <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return count;
}

/**
 * Rounds each produce case is split into, the systems taking turns within a round: noise from
 * anything else on the machine then falls on every system alike, which keeps ratios honest.
 */
const ROUNDS = QUICK ? 2 : 4;

function logName(system, batch) {
  return `bench-${system.name.replace(/[^A-Za-z0-9]+/g, "-")}-b${batch}`;
}

/** Produces into one fresh log per system and batch size, the systems interleaved. */
async function benchProduce(systems) {
  const results = [];
  for (const batch of BATCHES) {
    const concurrency = CONCURRENCY_BY_BATCH[batch];
    const producers = [];
    try {
      for (const system of systems) {
        const name = logName(system, batch);
        await system.createLog(name);
        producers.push(await system.openProducer({ name, batch, value: VALUE, concurrency }));
        const last = producers[producers.length - 1];
        await runProducers({ concurrency, seconds: WARMUP_SECONDS, send: last.send });
      }
      const runs = systems.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < systems.length; k++) {
          const i = (k + round) % systems.length; // rotate who goes first
          const seconds = CASE_SECONDS / ROUNDS;
          runs[i].push(await runProducers({ concurrency, seconds, send: producers[i].send }));
        }
      }
      systems.forEach((system, i) => {
        results.push(caseResult(system, "produce", batch, concurrency, mergeRuns(runs[i])));
      });
    } finally {
      for (const producer of producers) producer.close();
    }
  }
  return results;
}

/** Reads each produced log back from its start with one reader. */
async function benchFetch(system) {
  const results = [];
  for (const batch of BATCHES) {
    const name = logName(system, batch);
    const reader = await system.openReader({ name, batch, pageRecords: FETCH_PAGE_RECORDS });
    try {
      const run = await runReader({
        seconds: CASE_SECONDS,
        recordsMax: FETCH_RECORDS_MAX,
        readPage: reader.readPage,
      });
      results.push({ ...caseResult(system, "fetch", batch, 1, run), complete: run.complete });
    } finally {
      reader.close();
    }
  }
  return results;
}

/** One case's figures; progress goes to stderr so stdout stays the table alone. */
function caseResult(system, phase, batch, concurrency, run) {
  const result = { system: system.name, phase, batch, concurrency, ...summarise(run, VALUE_BYTES) };
  console.error(
    `  ${system.name} ${phase} batch ${batch}: ${Math.round(result.recordsPerSec)} rec/s, ` +
      `${result.requests} requests, ${result.errors} errors, machine ` +
      `${result.machineBusyPercent.toFixed(0)}% busy, client ${result.clientCpuPercent.toFixed(0)}% of a core`,
  );
  return result;
}

/**
 * The compaction case on edgelog's worker; a failure becomes `{error}` so the throughput
 * figures already measured are still printed and written.
 */
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

/** Starts everything, registering each stop with `onCleanup` as soon as there is one to stop. */
async function startSystems(onCleanup) {
  const systems = [];
  const edgelogDir = await makeTempDir("edgelog-bench-");
  onCleanup(edgelogDir.remove, edgelogDir.removeNow);
  // A local run like `npm start`: open, no tokens (auth costs are not what this measures).
  const edgelog = await startWorker(`${ROOT}wrangler.toml`, edgelogDir.path, {
    EDGELOG_DEV: "1",
    EDGELOG_ADMIN_TOKEN: "",
  });
  onCleanup(edgelog.dispose); // on a hurried exit miniflare's own exit hook kills workerd
  systems.push(edgelogSystem(edgelog.url));
  // Replication: three replica objects per partition, acks="all" (the ISR) and acks=1.
  for (const acks of ["all", 1]) {
    const label = `edgelog RF=3 acks=${acks}`;
    systems.push(edgelogSystem(edgelog.url, { label, replicationFactor: 3, acks }));
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
  systems.push(baselineSystem(baseline.url));

  if (hasRedis()) {
    const redisDir = await makeTempDir("edgelog-bench-redis-");
    onCleanup(redisDir.remove, redisDir.removeNow);
    const redis = await startRedis(redisDir.path);
    onCleanup(redis.stop, redis.kill);
    systems.push(redisSystem(redis.port));
  } else {
    console.error("redis-server not on PATH: the Redis column is skipped");
  }
  return { systems, edgelogUrl: edgelog.url }; // the compaction case runs on edgelog alone
}

function environment() {
  const wrangler = JSON.parse(readFileSync(`${ROOT}node_modules/wrangler/package.json`, "utf8"));
  return {
    node: process.version,
    wrangler: wrangler.version,
    redis: hasRedis() ? redisVersion() : null,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    // Anything else running (a test suite, a build) shares the cores and skews every number.
    loadAverage1mAtStart: loadavg()[0],
  };
}

async function main(onCleanup) {
  const startedAt = new Date();
  const env = environment();
  console.error(`edgelog bench: ${CASE_SECONDS} s per case${QUICK ? " (quick)" : ""}`);
  if (env.loadAverage1mAtStart > 0.5) {
    console.error(`warning: load average ${env.loadAverage1mAtStart.toFixed(2)} before start`);
  }
  const { systems, edgelogUrl } = await startSystems(onCleanup);
  const results = await benchProduce(systems);
  for (const system of systems) results.push(...(await benchFetch(system)));
  const compaction = await runCompaction(edgelogUrl);

  const systemNames = systems.map((system) => system.name);
  const cases = ["produce", "fetch"].flatMap((phase) => BATCHES.map((batch) => ({ phase, batch })));
  console.log(formatTable(results, systemNames, cases));
  console.log();
  console.log(formatReplicationRatios(results));
  console.log();
  console.log(
    `Records: ${VALUE_BYTES}-byte ASCII string values, no key or headers; MB = 10^6 value bytes. ` +
      `Produce: ${CASE_SECONDS} s closed loop per system after ${WARMUP_SECONDS} s warm-up, in ` +
      `${ROUNDS} rounds with the systems taking turns, concurrency ` +
      `${BATCHES.map((b) => `${CONCURRENCY_BY_BATCH[b]} at batch ${b}`).join(", ")}; ` +
      `latency per request. Fetch: one reader, pages of ${FETCH_PAGE_RECORDS} records, ` +
      `at most ${FETCH_RECORDS_MAX} records or ${CASE_SECONDS} s. One partition everywhere. ` +
      `edgelog: acks="all", replicationFactor 1 unless named; Redis without persistence. Workers are reached ` +
      `on their own port (wrangler's dev proxy skipped); client and servers share ${env.cpus} ` +
      `cores. "!" = errors below.`,
  );
  const thin = formatThinCases(results);
  if (thin !== "") console.log(thin);
  const errors = formatErrors(results);
  if (errors !== "") console.log(`\nErrors:\n${errors}`);
  console.log();
  if (compaction.error === undefined) {
    console.log(formatCompaction(compaction));
    const probeErrors = formatCompactionErrors(compaction);
    if (probeErrors !== "") console.log(`\nErrors:\n${probeErrors}`);
  } else {
    console.log(`Compaction failed: ${compaction.error}`);
  }

  const config = {
    quick: QUICK,
    caseSeconds: CASE_SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    valueBytes: VALUE_BYTES,
    batches: BATCHES,
    concurrencyByBatch: CONCURRENCY_BY_BATCH,
    fetchPageRecords: FETCH_PAGE_RECORDS,
    fetchRecordsMax: FETCH_RECORDS_MAX,
    compactionRecords: COMPACTION_RECORDS,
    compactionKeys: COMPACTION_KEYS,
    compactionBatch: COMPACTION_BATCH,
  };
  const document = {
    startedAt: startedAt.toISOString(),
    environment: env,
    config,
    results,
    compaction,
  };
  const path = await writeResults(RESULTS_DIR, startedAt, document);
  console.error(`results written to ${path}`);
  const compactionOk =
    compaction.error === undefined &&
    compaction.idleProbe.errors === 0 &&
    compaction.compactingProbe.errors === 0;
  return compactionOk && results.every((result) => result.errors === 0);
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
