// Long-poll wake-up: how soon a fetch waiting at the end of the log (`waitMs`) answers once a
// record is appended. Latency, not throughput, so a Node client measuring one sample at a time
// is precise enough: nothing else is in flight.
import { setTimeout as sleep } from "node:timers/promises";
import { PLAIN_VALUE } from "./records.mjs";
import { percentile } from "./stats.mjs";
import { expectStatus, get, sendJson } from "./systems.mjs";

/** How long the fetch gets to reach its partition and park before the append is sent. */
const PARK_MS = 20;
/** The fetch's waitMs: far longer than a wake-up, so an answer without the record is an error. */
const WAIT_MS = 10_000;

function figures(samplesMs) {
  const sorted = samplesMs.toSorted((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

/**
 * `samples` times: a fetch waits at the log's end, then one record is produced. Measures the
 * fetch's answer from the moment the produce was sent and from the moment it was acknowledged
 * (with acks "all" on a replicated topic the fetch may answer first: then that one is negative).
 */
export async function benchWakeup(baseUrl, { label, replicationFactor, samples }) {
  const topic = `bench-wakeup-${label.replace(/[^A-Za-z0-9]+/g, "-")}`;
  const create = JSON.stringify({ name: topic, partitions: 1, replicationFactor });
  await expectStatus(await sendJson("POST", new URL("/v1/topics", baseUrl), create), 201);
  const produceUrl = new URL(`/v1/topics/${topic}/records`, baseUrl);
  const body = JSON.stringify({ records: [{ value: PLAIN_VALUE }], acks: "all" });
  const fromSendMs = [];
  const fromAckMs = [];
  let errors = 0;
  for (let offset = 0; offset < samples; offset++) {
    const fetchUrl = new URL(`/v1/topics/${topic}/partitions/0/records`, baseUrl);
    fetchUrl.search = `offset=${offset}&maxRecords=1&waitMs=${WAIT_MS}`;
    const answered = get(fetchUrl).then(async (response) => {
      const answeredAt = performance.now();
      await expectStatus(response, 200);
      return { answeredAt, count: (await response.json()).records.length };
    });
    await sleep(PARK_MS);
    const sentAt = performance.now();
    const produced = await sendJson("POST", produceUrl, body);
    const ackedAt = performance.now();
    await expectStatus(produced, 200);
    const { answeredAt, count } = await answered;
    if (count !== 1) {
      errors++;
      continue;
    }
    fromSendMs.push(answeredAt - sentAt);
    fromAckMs.push(answeredAt - ackedAt);
  }
  return {
    system: label,
    samples,
    errors,
    fromSend: figures(fromSendMs),
    fromAck: figures(fromAckMs),
  };
}
