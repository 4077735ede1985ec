// The Kafka gateway's bench case (design/kafka-gateway.md, "Speed"): produce of 100-byte records
// through the gateway by librdkafka (kcat, one connection, acks=all, batches of 1,000, one
// partition) against the same records over HTTP in requests of 1,000 with 4 in flight, taking
// turns in one run; then reading them back: kcat from the beginning against HTTP fetch pages of
// 1,000 read one after another.
//
// Run with `npm run bench:kafka` (Node 22 and wrangler from node_modules, kcat from Debian).
// BENCH_KAFKA_RECORDS=<n> records per round and system (default 50000); 3 rounds.
// Prints a markdown table on stdout; exits non-zero if a run failed.
import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { PLAIN_VALUE } from "./records.mjs";
import { makeTempDir, startWorker } from "./servers.mjs";

process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
const ROOT = join(import.meta.dirname, "..");
const RECORDS = Number(process.env.BENCH_KAFKA_RECORDS ?? 50_000);
const BATCH = 1_000;
const IN_FLIGHT = 4;
const ROUNDS = 3;

function run(command, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

async function api(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** HTTP produce: RECORDS in requests of BATCH, IN_FLIGHT at a time; records/s. */
async function produceHttp(base, topic) {
  const body = JSON.stringify({
    records: Array.from({ length: BATCH }, () => ({ value: PLAIN_VALUE })),
    acks: "all",
  });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < RECORDS / BATCH) {
      next++;
      await api(base, "POST", `/v1/topics/${topic}/records?answer=compact`, body);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return RECORDS / ((performance.now() - started) / 1000);
}

/** Gateway produce: kcat (librdkafka) on one connection, acks=all, batches of BATCH. */
async function produceKafka(broker, topic) {
  const input = `${Array.from({ length: RECORDS }, () => PLAIN_VALUE).join("\n")}\n`;
  const started = performance.now();
  await run(
    "kcat",
    [
      "-b",
      broker,
      "-P",
      "-t",
      topic,
      "-p",
      "0",
      "-X",
      "acks=all",
      "-X",
      `batch.num.messages=${BATCH}`,
      "-X",
      "linger.ms=5",
      "-X",
      "compression.codec=none",
    ],
    input,
  );
  return RECORDS / ((performance.now() - started) / 1000);
}

async function consumeHttp(base, topic) {
  const started = performance.now();
  let offset = 0;
  while (offset < RECORDS) {
    const page = await api(
      base,
      "GET",
      `/v1/topics/${topic}/partitions/0/records?offset=${offset}&maxRecords=${BATCH}`,
    );
    offset = page.nextOffset;
  }
  return RECORDS / ((performance.now() - started) / 1000);
}

async function consumeKafka(broker, topic) {
  const started = performance.now();
  const out = await run("kcat", [
    "-b",
    broker,
    "-C",
    "-t",
    topic,
    "-p",
    "0",
    "-o",
    "beginning",
    "-e",
    "-q",
  ]);
  const lines = out.split("\n").length - 1;
  if (lines !== RECORDS) throw new Error(`kcat read ${lines} records, not ${RECORDS}`);
  return RECORDS / ((performance.now() - started) / 1000);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = await makeTempDir("edgelog-bench-kafka-");
const worker = await startWorker(join(ROOT, "wrangler.toml"), join(dir.path, "state"));
const cli = join(dir.path, "edgelog.mjs");
await build({
  entryPoints: [join(ROOT, "src", "cli", "bin.ts")],
  outfile: cli,
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning",
});
const base = worker.url.origin;
const gateway = spawn(
  process.execPath,
  [cli, "kafka-gateway", "--url", base, "--listen", "127.0.0.1:0"],
  { stdio: ["ignore", "ignore", "pipe"] },
);
const broker = await new Promise((resolve, reject) => {
  gateway.stderr.on("data", (chunk) => {
    const match = /Kafka protocol on (\S+),/.exec(chunk.toString());
    if (match) resolve(match[1]);
  });
  gateway.once("exit", () => reject(new Error("the gateway exited")));
});
let failed = false;
try {
  const results = { httpProduce: [], kafkaProduce: [], httpConsume: [], kafkaConsume: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const httpTopic = `bench-http-${round}`;
    const kafkaTopic = `bench-kafka-${round}`;
    await api(base, "POST", "/v1/topics", { name: httpTopic });
    await api(base, "POST", "/v1/topics", { name: kafkaTopic });
    results.httpProduce.push(await produceHttp(base, httpTopic));
    results.kafkaProduce.push(await produceKafka(broker, kafkaTopic));
    results.httpConsume.push(await consumeHttp(base, httpTopic));
    results.kafkaConsume.push(await consumeKafka(broker, httpTopic));
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
  const row = (name, values) =>
    `| ${name} | ${values.map((v) => Math.round(v).toLocaleString("en")).join(" / ")} | ${Math.round(median(values)).toLocaleString("en")} |`;
  console.log(
    `Kafka gateway bench: ${RECORDS.toLocaleString("en")} records of 100 B per round and system, one partition, acks=all, ${ROUNDS} rounds\n`,
  );
  console.log("| case | records/s per round | median |\n|---|---|---|");
  console.log(row(`HTTP produce, ${BATCH}/request, ${IN_FLIGHT} in flight`, results.httpProduce));
  console.log(row("gateway produce, kcat (librdkafka), 1 connection", results.kafkaProduce));
  console.log(row(`HTTP fetch, pages of ${BATCH}, one after another`, results.httpConsume));
  console.log(row("gateway fetch, kcat from the beginning", results.kafkaConsume));
  const ratio = median(results.kafkaProduce) / median(results.httpProduce);
  const readRatio = median(results.kafkaConsume) / median(results.httpConsume);
  console.log(
    `\nproduce: gateway / HTTP = ${ratio.toFixed(2)}× (target ≥ 0.7×); consume: ${readRatio.toFixed(2)}×`,
  );
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  gateway.kill("SIGTERM");
  await worker.dispose();
  await dir.remove();
}
process.exitCode = failed ? 1 : 0;
