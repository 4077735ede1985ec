// Share group vs consumer group on a one-partition topic (design/delivery.md): 8 consumers drain
// the same records, once as a share group (each leases batches, processes them and accepts
// them) and once as a consumer group (the partition goes to one of the 8 members, which fetches,
// processes and commits; the other 7 only heartbeat). Each is run with no work per record (the
// delivery machinery alone) and with a simulated I/O-bound handler (a fixed wait per record, as a
// webhook call would take), where the share group's parallelism is the point.
//
// Run with `npx node bench/share-groups.mjs` (Node 22 from node_modules; wrangler in-process).
// Environment: BENCH_SHARE_RECORDS=<n> records per run without work (default 10000; the runs
// with work use a fifth of them). Prints a markdown table on stdout, progress on stderr.

import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { PLAIN_VALUE } from "./records.mjs";
import { makeTempDir, startWorker } from "./servers.mjs";
import { expectStatus, get, sendJson } from "./systems.mjs";

process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const CONSUMERS = 8;
/** Records per lease or fetch: the share group's default maxRecords, the same for both. */
const BATCH = 100;
const RECORDS = Number(process.env.BENCH_SHARE_RECORDS ?? 10_000);
/** The simulated handler's time per record in the runs with work. */
const WORK_MS = 2;
const PRODUCE_BATCH = 1_000;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function postJson(url, body, status = 200) {
  const response = await sendJson("POST", url, JSON.stringify(body));
  await expectStatus(response, status);
  return response.json();
}

async function topicOf(base, name, records) {
  await postJson(new URL("/v1/topics", base), { name, partitions: 1 }, 201);
  for (let sent = 0; sent < records; sent += PRODUCE_BATCH) {
    const count = Math.min(PRODUCE_BATCH, records - sent);
    const batch = Array.from({ length: count }, () => ({ value: PLAIN_VALUE }));
    await postJson(new URL(`/v1/topics/${name}/records`, base), { records: batch });
  }
}

/** Works through `records` as a handler would: WORK_MS each, one after another. */
async function work(records, workMs) {
  if (workMs > 0) await sleep(records.length * workMs);
}

async function shareGroupRun(base, topic, records, workMs) {
  const group = `${topic}-share`;
  const put = await sendJson(
    "PUT",
    new URL(`/v1/share-groups/${group}`, base),
    JSON.stringify({ topics: [topic], startAt: "earliest" }),
  );
  await expectStatus(put, 201);
  const leaseUrl = new URL(`/v1/share-groups/${group}/records`, base);
  const ackUrl = new URL(`/v1/share-groups/${group}/acks`, base);
  let accepted = 0;
  const start = performance.now();
  const consumer = async () => {
    while (accepted < records) {
      const leased = await postJson(leaseUrl, { maxRecords: BATCH, waitMs: 500 });
      if (leased.records.length === 0) continue;
      await work(leased.records, workMs);
      const acks = leased.records.map((r) => ({
        topic: r.topic,
        partition: r.partition,
        offset: r.offset,
        leaseId: r.leaseId,
        type: "accept",
      }));
      const { results } = await postJson(ackUrl, { acks });
      accepted += results.filter((r) => r.ok).length;
    }
  };
  await Promise.all(Array.from({ length: CONSUMERS }, consumer));
  return { seconds: (performance.now() - start) / 1_000, records: accepted };
}

async function consumerGroupRun(base, topic, records, workMs) {
  const group = `${topic}-group`;
  const membersUrl = new URL(`/v1/groups/${group}/members`, base);
  const members = [];
  for (let i = 0; i < CONSUMERS; i++)
    members.push(await postJson(membersUrl, { topics: [topic] }, 201));
  // KIP-848: the partition reaches its owner in a heartbeat answer once the group settled.
  const beat = async (m) => {
    const url = new URL(`/v1/groups/${group}/members/${m.memberId}/heartbeat`, base);
    const owned = m.assignment ?? [];
    const answer = await postJson(url, { memberEpoch: m.memberEpoch, owned });
    Object.assign(m, answer);
  };
  let owner;
  for (let tries = 0; owner === undefined && tries < 50; tries++) {
    for (const m of members) await beat(m);
    owner = members.find((m) => m.assignment.some((a) => a.partitions.includes(0)));
  }
  if (owner === undefined) throw new Error("no member got partition 0");
  let stop = false;
  const idle = members
    .filter((m) => m !== owner)
    .map(async (m) => {
      while (!stop) {
        await beat(m);
        await sleep(1_000);
      }
    });
  let offset = 0;
  let lastBeat = performance.now();
  const start = performance.now();
  while (offset < records) {
    const url = new URL(`/v1/topics/${topic}/partitions/0/records`, base);
    url.search = new URLSearchParams({ offset, maxRecords: BATCH, waitMs: 500 }).toString();
    const response = await get(url);
    await expectStatus(response, 200);
    const page = await response.json();
    await work(page.records, workMs);
    offset = page.nextOffset;
    const commit = {
      memberId: owner.memberId,
      memberEpoch: owner.memberEpoch,
      offsets: [{ topic, partition: 0, offset }],
    };
    await postJson(new URL(`/v1/groups/${group}/offsets`, base), commit);
    if (performance.now() - lastBeat > 1_000) {
      await beat(owner);
      lastBeat = performance.now();
    }
  }
  const seconds = (performance.now() - start) / 1_000;
  stop = true;
  await Promise.all(idle);
  return { seconds, records: offset };
}

async function main() {
  const dir = await makeTempDir("edgelog-bench-share-");
  const worker = await startWorker(`${ROOT}wrangler.toml`, dir.path, { EDGELOG_DEV: "1" });
  const rows = [];
  try {
    for (const workMs of [0, WORK_MS]) {
      const records = workMs === 0 ? RECORDS : Math.round(RECORDS / 5);
      for (const [kind, run] of [
        ["share group", shareGroupRun],
        ["consumer group", consumerGroupRun],
      ]) {
        const topic = `bench-${kind.replace(" ", "-")}-${workMs}`;
        console.error(`${kind}, ${workMs} ms per record: ${records} records`);
        await topicOf(worker.url, topic, records);
        const result = await run(worker.url, topic, records, workMs);
        rows.push({
          kind,
          workMs,
          ...result,
          perSecond: Math.round(result.records / result.seconds),
        });
      }
    }
  } finally {
    await worker.dispose();
    await dir.remove();
  }
  console.log(`${CONSUMERS} consumers, 1 partition, ${BATCH} records per lease or fetch\n`);
  console.log("| consumers as | work per record | records | seconds | records/s |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.kind} | ${r.workMs} ms | ${r.records} | ${r.seconds.toFixed(2)} | ${r.perSecond} |`,
    );
  }
}

await main();
