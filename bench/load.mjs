import { cpus } from "node:os";

// Load generation: a closed loop of concurrent producers, a sequential reader, and the summary
// (records/s, MB/s, latency percentiles) both feed into.

/** A case stops early after this many failed requests: past it the numbers mean nothing. */
const ERRORS_PER_CASE_MAX = 100;
/** Distinct error messages kept per case for the report. */
const ERROR_SAMPLES_MAX = 5;

/** Counts outcomes of one case; latencies only of requests that succeeded. */
function makeTally() {
  return { records: 0, requests: 0, errors: 0, errorSamples: [], latenciesMs: [] };
}

/** CPU time so far: the whole machine's busy and total, and this (client) process's own. */
function sampleCpu() {
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of cpus()) {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    totalMs += total;
    busyMs += total - times.idle;
  }
  return { busyMs, totalMs, client: process.cpuUsage() };
}

/**
 * Where the CPU went during a case: with client and servers sharing few cores, a busy machine
 * or a client near 100% of a core means the numbers measure the machine, not the server.
 */
function cpuSince(start, seconds) {
  const end = sampleCpu();
  const client = process.cpuUsage(start.client);
  return {
    machineBusyPercent: (100 * (end.busyMs - start.busyMs)) / (end.totalMs - start.totalMs),
    clientCpuPercent: (100 * (client.user + client.system)) / 1e6 / seconds,
  };
}

function countError(tally, error) {
  tally.errors++;
  const message = error instanceof Error ? error.message : String(error);
  const known = tally.errorSamples.find((sample) => sample.message === message);
  if (known !== undefined) known.count++;
  else if (tally.errorSamples.length < ERROR_SAMPLES_MAX)
    tally.errorSamples.push({ message, count: 1 });
}

/** Times one request; `send` answers the records it moved or throws. */
async function timeRequest(tally, send) {
  const startMs = performance.now();
  try {
    const records = await send();
    tally.latenciesMs.push(performance.now() - startMs);
    tally.records += records;
    tally.requests++;
  } catch (error) {
    countError(tally, error);
  }
}

/**
 * `concurrency` loops each send a request, wait for its answer, and send the next, until
 * `seconds` pass: a closed loop, so in-flight requests never exceed `concurrency`.
 */
export async function runProducers({ concurrency, seconds, send }) {
  const tally = makeTally();
  const cpuStart = sampleCpu();
  const startMs = performance.now();
  const deadlineMs = startMs + seconds * 1000;
  const loop = async (worker) => {
    while (performance.now() < deadlineMs && tally.errors < ERRORS_PER_CASE_MAX) {
      await timeRequest(tally, () => send(worker));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, worker) => loop(worker)));
  const elapsedSeconds = (performance.now() - startMs) / 1000;
  return { tally, seconds: elapsedSeconds, cpu: cpuSince(cpuStart, elapsedSeconds) };
}

/**
 * One consumer reads pages in order until the log ends, `recordsMax` are read or `seconds` pass;
 * `complete` says whether it reached the end of the log.
 */
export async function runReader({ seconds, recordsMax, readPage }) {
  const tally = makeTally();
  const cpuStart = sampleCpu();
  const startMs = performance.now();
  const deadlineMs = startMs + seconds * 1000;
  let done = false;
  const more = () => !done && tally.records < recordsMax && tally.errors < ERRORS_PER_CASE_MAX;
  while (more() && performance.now() < deadlineMs) {
    await timeRequest(tally, async () => {
      const page = await readPage();
      done = page.done;
      return page.records;
    });
  }
  const elapsedSeconds = (performance.now() - startMs) / 1000;
  return {
    tally,
    seconds: elapsedSeconds,
    cpu: cpuSince(cpuStart, elapsedSeconds),
    complete: done,
  };
}

/** One run made of several shorter runs of the same case (interleaved with other systems). */
export function mergeRuns(runs) {
  const tally = makeTally();
  let seconds = 0;
  let machineBusy = 0;
  let clientCpu = 0;
  for (const run of runs) {
    tally.records += run.tally.records;
    tally.requests += run.tally.requests;
    tally.errors += run.tally.errors;
    tally.latenciesMs.push(...run.tally.latenciesMs);
    for (const sample of run.tally.errorSamples) {
      const known = tally.errorSamples.find((s) => s.message === sample.message);
      if (known !== undefined) known.count += sample.count;
      else if (tally.errorSamples.length < ERROR_SAMPLES_MAX)
        tally.errorSamples.push({ ...sample });
    }
    seconds += run.seconds;
    machineBusy += run.cpu.machineBusyPercent * run.seconds;
    clientCpu += run.cpu.clientCpuPercent * run.seconds;
  }
  return {
    tally,
    seconds,
    cpu: { machineBusyPercent: machineBusy / seconds, clientCpuPercent: clientCpu / seconds },
  };
}

/** Nearest-rank percentile of an ascending array; null when there are no samples. */
export function percentile(sortedMs, fraction) {
  if (sortedMs.length === 0) return null;
  const rank = Math.ceil(fraction * sortedMs.length);
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1];
}

/** Turns a tally into the reported figures; MB is 10^6 bytes of record values. */
export function summarise({ tally, seconds, cpu }, valueBytes) {
  const sortedMs = tally.latenciesMs.sort((a, b) => a - b);
  return {
    records: tally.records,
    requests: tally.requests,
    errors: tally.errors,
    errorSamples: tally.errorSamples,
    seconds,
    recordsPerSec: tally.records / seconds,
    mbPerSec: (tally.records * valueBytes) / 1e6 / seconds,
    p50Ms: percentile(sortedMs, 0.5),
    p99Ms: percentile(sortedMs, 0.99),
    ...cpu,
  };
}
