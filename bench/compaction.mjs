// The compaction case: load one partition with many small keyed records, turn compaction on and
// time how long the alarm takes to bring it down to its live keys, reporting storage before and
// after. A latency probe runs throughout: compaction works in bounded alarm runs with requests
// served in between, so the probe during it shows how long a request waits behind them.
import { setTimeout as sleep } from "node:timers/promises";
import { percentile } from "./stats.mjs";
import { expectStatus, get, sendJson } from "./systems.mjs";

/** Requests in flight while loading: enough to keep the object busy, few enough to stay fair. */
const LOAD_CONCURRENCY = 4;
/** One probe request at a time, started this often: fine enough to see a ~50 ms alarm run. */
const PROBE_INTERVAL_MS = 20;
/** How long the idle probe runs before compaction is turned on, for the comparison. */
const IDLE_PROBE_MS = 2_000;
/** How often the partition's storage is read while compacting: the wall time's resolution. */
const POLL_INTERVAL_MS = 100;
/** Distinct probe error messages kept for the report. */
const ERROR_SAMPLES_MAX = 5;
/** A pass that has not reached the live keys by now is stuck, not slow: the case fails. */
const COMPACTION_MS_MAX = 5 * 60_000;

/** The partition's storage figures (`{bytes, batches, records}`) as the topic reports them. */
async function readStorage(topicUrl) {
  const response = await get(topicUrl);
  await expectStatus(response, 200);
  const { partitions } = await response.json();
  return partitions[0].storage;
}

/**
 * Produces `records` records in requests of `batch`, LOAD_CONCURRENCY at a time. Record i has key
 * `k<i % keys>` and a non-null value, so every key's newest record is live and a full pass
 * leaves exactly `keys` records.
 */
async function load(recordsUrl, { records, keys, batch }) {
  let next = 0;
  const sendOne = async (start, count) => {
    const batchRecords = Array.from({ length: count }, (_, j) => {
      const i = start + j;
      return { key: `k${i % keys}`, value: { n: i } };
    });
    const body = JSON.stringify({ records: batchRecords, acks: "all" });
    const response = await sendJson("POST", recordsUrl, body);
    await expectStatus(response, 200);
    const { offsets } = await response.json();
    if (offsets.length !== count) throw new Error(`${offsets.length} offsets for ${count}`);
  };
  const loop = async () => {
    while (next < records) {
      const start = next;
      const count = Math.min(batch, records - start);
      next += count;
      await sendOne(start, count);
    }
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, loop));
}

/**
 * Sends GET `url` every PROBE_INTERVAL_MS, one request at a time, until `stop()`, which answers
 * the latency summary. A request that waits behind an alarm run takes as long as the run's rest.
 */
function startProbe(url) {
  const latenciesMs = [];
  const errorSamples = new Set();
  let errors = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const startMs = performance.now();
      try {
        const response = await get(url);
        await expectStatus(response, 200);
        await response.json();
        latenciesMs.push(performance.now() - startMs);
      } catch (error) {
        errors++;
        if (errorSamples.size < ERROR_SAMPLES_MAX) {
          errorSamples.add(error instanceof Error ? error.message : String(error));
        }
      }
      const waitMs = PROBE_INTERVAL_MS - (performance.now() - startMs);
      if (waitMs > 0 && !stopped) await sleep(waitMs);
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      await running;
      const sorted = latenciesMs.sort((a, b) => a - b);
      return {
        count: sorted.length,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: sorted.length === 0 ? null : sorted[sorted.length - 1],
        errors,
        errorSamples: [...errorSamples],
      };
    },
  };
}

/**
 * Polls the storage until it holds `keys` records; throws with the last figures seen if it
 * goes below (records lost) or the deadline passes (compaction stuck).
 */
async function awaitLiveKeys(topicUrl, keys, before) {
  const deadline = performance.now() + COMPACTION_MS_MAX;
  let storage = before;
  while (performance.now() < deadline) {
    storage = await readStorage(topicUrl);
    if (storage.records === keys) return storage;
    if (storage.records < keys) {
      throw new Error(`compaction left ${storage.records} records of ${keys} live keys`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(
    `compaction did not reach ${keys} records within ${COMPACTION_MS_MAX / 1000} s: storage ` +
      `${JSON.stringify(storage)}, before ${JSON.stringify(before)}`,
  );
}

/**
 * Loads a fresh one-partition topic with `records` records over `keys` keys (cleanupPolicy
 * "delete" and no retention, so nothing is removed while loading), then switches it to "compact"
 * and waits for the partition to hold only its live keys. Throws if anything fails.
 */
export async function benchCompaction(baseUrl, { records, keys, batch }) {
  if (records < keys) throw new Error(`${records} records cannot hold ${keys} keys`);
  const topic = `bench-compaction-${Date.now()}`;
  const topicUrl = new URL(`/v1/topics/${topic}`, baseUrl);
  const probeUrl = new URL(`/v1/topics/${topic}/partitions/0/offsets`, baseUrl);
  const create = { name: topic, partitions: 1, cleanupPolicy: "delete", deleteRetentionMs: 0 };
  const created = await sendJson("POST", new URL("/v1/topics", baseUrl), JSON.stringify(create));
  await expectStatus(created, 201);

  const loadStartMs = performance.now();
  await load(new URL(`/v1/topics/${topic}/records`, baseUrl), { records, keys, batch });
  const loadSeconds = (performance.now() - loadStartMs) / 1000;
  const before = await readStorage(topicUrl);
  console.error(`  compaction: loaded ${records} records in ${loadSeconds.toFixed(1)} s`);

  const idle = startProbe(probeUrl);
  await sleep(IDLE_PROBE_MS);
  const idleProbe = await idle.stop();

  const compacting = startProbe(probeUrl);
  const startMs = performance.now();
  let after;
  try {
    const patch = JSON.stringify({ cleanupPolicy: "compact" });
    await expectStatus(await sendJson("PATCH", topicUrl, patch), 200);
    after = await awaitLiveKeys(topicUrl, keys, before);
  } catch (error) {
    await compacting.stop(); // no probe left running behind a failed case
    throw error;
  }
  const compactSeconds = (performance.now() - startMs) / 1000;
  const compactingProbe = await compacting.stop();
  const seconds = compactSeconds.toFixed(1);
  console.error(`  compaction: ${before.records} → ${after.records} records in ${seconds} s`);
  return {
    records,
    keys,
    before,
    after,
    compactSeconds,
    idleProbe,
    compactingProbe,
    loadSeconds,
    probeIntervalMs: PROBE_INTERVAL_MS,
  };
}
