// The cases and how one runs: every system takes its turn in each round (the order rotating),
// so noise from anything else on the machine falls on all of them alike.
import { runRedisBenchmark, runWrk } from "./loadgen.mjs";
import { cpuMsOf, machineBusyPercent, machineTicks } from "./proc.mjs";
import { workload } from "./records.mjs";
import { redisCli } from "./servers.mjs";

/** Connections of every produce case and of the concurrent fetch case. */
const CONNECTIONS = 8;
/** Records in the log each system's fetch cases read, at random offsets. */
const FETCH_LOG_RECORDS = 200_000;
/** redis-benchmark runs a count: the warm-up's guess at Redis's records/s, then measured. */
const REDIS_RECORDS_PER_SEC_GUESS = 300_000;

export const CASES = [
  { name: "produce-1", phase: "produce", kind: "plain", batch: 1, connections: CONNECTIONS },
  { name: "produce-100", phase: "produce", kind: "plain", batch: 100, connections: CONNECTIONS },
  { name: "produce-1000", phase: "produce", kind: "plain", batch: 1000, connections: CONNECTIONS },
  {
    name: "produce-realistic-1000",
    phase: "produce",
    kind: "realistic",
    batch: 1000,
    connections: CONNECTIONS,
  },
  { name: "fetch-1000", phase: "fetch", kind: "plain", batch: 1000, connections: 1 },
  { name: "fetch-1000-c8", phase: "fetch", kind: "plain", batch: 1000, connections: CONNECTIONS },
];

/**
 * One run of the load generator against one system, `records` being requests × the spec's
 * recordsPerRequest; `rate` (requests/s) sizes redis-benchmark's count.
 */
async function runOnce(spec, seconds, rate) {
  const withRecords = (run) => ({ ...run, records: run.requests * spec.recordsPerRequest });
  if (spec.tool === "wrk") return withRecords(await runWrk({ ...spec, seconds }));
  const pipelines = Math.max(spec.connections, Math.round((rate * seconds) / spec.pipeline));
  const requests = pipelines * spec.pipeline;
  const lengthBefore = spec.stream ? Number(await redisCli(spec.port, "XLEN", spec.stream)) : 0;
  const run = await runRedisBenchmark({ ...spec, requests, connections: spec.connections });
  if (spec.stream) {
    const added = Number(await redisCli(spec.port, "XLEN", spec.stream)) - lengthBefore;
    if (added !== requests) {
      const errorNote = `${added} of ${requests} XADDs stored`;
      return withRecords({ ...run, errors: requests - added, errorNote });
    }
  }
  return withRecords(run);
}

/** One measured run with the server's CPU time and the machine's busy share around it. */
async function measure(system, spec, seconds, rate) {
  const cpuStart = cpuMsOf(system.pid);
  const ticksStart = machineTicks();
  const run = await runOnce(spec, seconds, rate);
  return {
    ...run,
    serverCpuMs: cpuMsOf(system.pid) - cpuStart,
    machineBusyPercent: machineBusyPercent(ticksStart, machineTicks()),
  };
}

/** Rounds of one system merged: p50 the mean of the rounds', p99 the worst round's. */
function merge(runs, bytesPerRecord) {
  const sum = (field) => runs.reduce((total, run) => total + run[field], 0);
  const seconds = sum("seconds");
  const records = sum("records");
  return {
    requests: sum("requests"),
    records,
    seconds,
    errors: sum("errors"),
    errorNotes: runs.map((run) => run.errorNote).filter((note) => note !== null),
    recordsPerSec: records / seconds,
    mbPerSec: (records * bytesPerRecord) / 1e6 / seconds,
    p50Ms: sum("p50Ms") / runs.length,
    p99Ms: Math.max(...runs.map((run) => run.p99Ms)),
    clientCpuPercent: (100 * sum("clientCpuMs")) / 1000 / seconds,
    serverCpuMsPer1kRecords: records > 0 ? (1000 * sum("serverCpuMs")) / records : null,
    machineBusyPercent: runs.reduce((t, r) => t + r.machineBusyPercent * r.seconds, 0) / seconds,
  };
}

/** Each system's fetch log, filled once and read by every fetch case. */
const fetchSpecs = new Map();

async function specFor(system, testCase, work) {
  if (testCase.phase === "produce") return system.producer(work, testCase.name);
  if (!fetchSpecs.has(system)) fetchSpecs.set(system, system.fillForFetch(work, FETCH_LOG_RECORDS));
  return fetchSpecs.get(system);
}

/**
 * Runs `testCase` on `systems`: a warm-up of `warmupSeconds` each (whole seconds; 0 for none),
 * then `rounds` rounds of `roundSeconds` each. Answers one result per system; `log` gets a
 * progress line for each.
 */
export async function runCase(testCase, systems, { rounds, roundSeconds, warmupSeconds, log }) {
  const work = workload(testCase.kind, testCase.batch);
  const takers = systems.filter((system) => testCase.phase === "produce" || system.fetches);
  const specs = [];
  const rates = [];
  for (const system of takers) {
    const spec = { ...(await specFor(system, testCase, work)), connections: testCase.connections };
    specs.push(spec);
    const guess = REDIS_RECORDS_PER_SEC_GUESS / spec.recordsPerRequest;
    if (warmupSeconds === 0) {
      rates.push(guess);
      continue;
    }
    const warm = await measure(system, spec, warmupSeconds, guess);
    rates.push(warm.requests / warm.seconds);
  }
  const runs = takers.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < takers.length; k++) {
      const i = (k + round) % takers.length;
      const run = await measure(takers[i], specs[i], roundSeconds, rates[i]);
      runs[i].push(run);
      rates[i] = run.requests / run.seconds;
    }
  }
  return takers.map((system, i) => {
    const figures = merge(runs[i], work.bytesPerRecord);
    const result = { case: testCase.name, system: system.name, ...figures };
    log(
      `  ${testCase.name} ${system.name}: ${Math.round(result.recordsPerSec)} rec/s, client ` +
        `${result.clientCpuPercent.toFixed(0)}% CPU, machine ${result.machineBusyPercent.toFixed(0)}% busy` +
        (result.errors > 0 ? `, ${result.errors} errors` : ""),
    );
    return result;
  });
}
