// The Kafka gateway's bench case (design/kafka-gateway.md, "Speed"): produce of 100-byte records
// through the gateway by librdkafka (kcat, one connection, acks=all, batches of 1,000, one
// partition) against the same records over HTTP in requests of 1,000 with 4 in flight, taking
// turns in one run; then reading them back: kcat from the beginning against HTTP fetch pages of
// 1,000 read one after another, each until it has every record. Each case also reports CPU per 1,000 records of edgelog's
// workerd, of the gateway process and of the client (this Node process for HTTP, kcat), so the
// reader sees where the time goes on a shared machine.
//
// Run with `npm run bench:kafka` (Node 22 and wrangler from node_modules, kcat from Debian).
// BENCH_KAFKA_RECORDS=<n> records per round and system (default 50000); BENCH_KAFKA_ROUNDS=<n>
// (default 3). BENCH_KAFKA_BASELINE=<edgelog CLI bundle> runs a second gateway from that build
// beside this one (an A/B of two versions: each round alternates which goes first).
// BENCH_KAFKA_CPU_PROF=<dir> runs the gateways with `node --cpu-prof` writing there.
// Prints a markdown table on stdout; exits non-zero if a run failed.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { cpuMsOf, machineBusyPercent, machineTicks } from "./proc.mjs";
import { PLAIN_VALUE } from "./records.mjs";
import { makeTempDir, startWorker } from "./servers.mjs";

process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
const ROOT = join(import.meta.dirname, "..");
const RECORDS = Number(process.env.BENCH_KAFKA_RECORDS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_KAFKA_ROUNDS ?? 3);
const BASELINE_CLI = process.env.BENCH_KAFKA_BASELINE;
const CPU_PROF_DIR = process.env.BENCH_KAFKA_CPU_PROF;
const BATCH = 1_000;
const IN_FLIGHT = 4;

/** Runs `command args…` under bash, whose `times` gives the command's CPU; stdout and CPU ms. */
function runTimed(command, args, input) {
  const script = `${command} "$@"; status=$?; times >&2; exit $status`;
  const child = spawn("bash", ["-c", script, "bash", ...args], {
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  const stdout = [];
  let stderr = "";
  child.stdout.on("data", (chunk) => stdout.push(chunk));
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  if (input !== undefined) child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`${command} exited with ${code}: ${stderr}`));
      // `times` prints the shell's own times, then its children's: "0m1.230s 0m0.450s".
      const last = stderr.trimEnd().split("\n").at(-1) ?? "";
      const ms = last.split(" ").map((t) => {
        const match = /^(\d+)m([\d.]+)s$/.exec(t);
        if (match === null) throw new Error(`unexpected \`times\` output ${last}`);
        return (Number(match[1]) * 60 + Number(match[2])) * 1000;
      });
      resolve({ stdout: Buffer.concat(stdout).toString(), cpuMs: (ms[0] ?? 0) + (ms[1] ?? 0) });
    });
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

/** This process's CPU ms so far: the HTTP cases' client. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** HTTP produce: RECORDS in requests of BATCH, IN_FLIGHT at a time. */
async function produceHttp(base, topic) {
  const body = JSON.stringify({
    records: Array.from({ length: BATCH }, () => ({ value: PLAIN_VALUE })),
    acks: "all",
  });
  let next = 0;
  const before = ownCpuMs();
  const worker = async () => {
    while (next < RECORDS / BATCH) {
      next++;
      await api(base, "POST", `/v1/topics/${topic}/records?answer=compact`, body);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return ownCpuMs() - before;
}

/** Gateway produce: kcat (librdkafka) on one connection, acks=all, batches of BATCH. */
async function produceKafka(broker, topic) {
  const input = `${Array.from({ length: RECORDS }, () => PLAIN_VALUE).join("\n")}\n`;
  const options = ["acks=all", `batch.num.messages=${BATCH}`, "linger.ms=5"];
  const args = ["-b", broker, "-P", "-t", topic, "-p", "0", "-X", "compression.codec=none"];
  for (const option of options) args.push("-X", option);
  return (await runTimed("kcat", args, input)).cpuMs;
}

async function consumeHttp(base, topic) {
  const before = ownCpuMs();
  let offset = 0;
  while (offset < RECORDS) {
    const path = `/v1/topics/${topic}/partitions/0/records?offset=${offset}&maxRecords=${BATCH}`;
    offset = (await api(base, "GET", path)).nextOffset;
  }
  return ownCpuMs() - before;
}

/**
 * kcat from the beginning until it has RECORDS (`-c`), where the HTTP reader stops too. `-e`
 * (exit at the partition's end) would add librdkafka's fetch.wait.max.ms (500 ms) to each run:
 * it learns of the end only from a Fetch at the high watermark, which waits that long for new
 * records, as it does against Kafka.
 */
async function consumeKafka(broker, topic) {
  const args = ["-b", broker, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-q"];
  args.push("-c", String(RECORDS));
  const { stdout, cpuMs } = await runTimed("kcat", args);
  const lines = stdout.split("\n").length - 1;
  if (lines !== RECORDS) throw new Error(`kcat read ${lines} records, not ${RECORDS}`);
  return cpuMs;
}

/** Runs one case; records/s and CPU ms per 1,000 records of workerd, the gateway, the client. */
async function measure(workerPid, gatewayPid, run) {
  const cpu = () => ({ workerd: cpuMsOf(workerPid), gateway: gatewayPid && cpuMsOf(gatewayPid) });
  const before = cpu();
  const ticks = machineTicks();
  const started = performance.now();
  const clientMs = await run();
  const seconds = (performance.now() - started) / 1000;
  const after = cpu();
  const per1k = (ms) => (1000 * ms) / RECORDS;
  return {
    rate: RECORDS / seconds,
    workerd: per1k(after.workerd - before.workerd),
    gateway: gatewayPid ? per1k(after.gateway - before.gateway) : null,
    client: per1k(clientMs),
    busy: machineBusyPercent(ticks, machineTicks()),
  };
}

async function bundleCli(outfile) {
  const entryPoints = [join(ROOT, "src", "cli", "bin.ts")];
  await build({ entryPoints, outfile, bundle: true, platform: "node", format: "esm" });
  return outfile;
}

async function startGateway(cli, base, name) {
  const flags = CPU_PROF_DIR ? ["--cpu-prof", "--cpu-prof-dir", CPU_PROF_DIR] : [];
  const args = [...flags, cli, "kafka-gateway", "--url", base, "--listen", "127.0.0.1:0"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  const broker = await new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      const match = /Kafka protocol on (\S+),/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.once("exit", () => reject(new Error(`the ${name} gateway exited`)));
  });
  // SIGINT lets --cpu-prof write its profile on the way out.
  const stop = () => new Promise((resolve) => child.once("exit", resolve).kill("SIGINT"));
  return { name, broker, pid: child.pid, stop };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (v, digits = 0) => (v === null ? "–" : v.toFixed(digits));

const dir = await makeTempDir("edgelog-bench-kafka-");
const worker = await startWorker(join(ROOT, "wrangler.toml"), join(dir.path, "state"));
const base = worker.url.origin;
const gateways = [await startGateway(await bundleCli(join(dir.path, "edgelog.mjs")), base, "")];
if (BASELINE_CLI) gateways.push(await startGateway(BASELINE_CLI, base, "baseline"));
let failed = false;
try {
  const loadAtStart = loadavg()[0];
  /** case name → measurements, one per round. */
  const results = new Map();
  const record = (name, result) => results.set(name, [...(results.get(name) ?? []), result]);
  const label = (gateway, what) => `gateway${gateway.name ? ` (${gateway.name})` : ""} ${what}`;
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which gateway goes first, so neither always follows the HTTP case.
    const order = r % 2 === 0 ? gateways : [...gateways].reverse();
    const httpTopic = `bench-http-${r}`;
    await api(base, "POST", "/v1/topics", { name: httpTopic });
    const produceHttpCase = `HTTP produce, ${BATCH}/request, ${IN_FLIGHT} in flight`;
    record(produceHttpCase, await measure(worker.pid, null, () => produceHttp(base, httpTopic)));
    for (const gateway of order) {
      const topic = `bench-kafka-${gateway.name || "gateway"}-${r}`;
      await api(base, "POST", "/v1/topics", { name: topic });
      const produce = () => produceKafka(gateway.broker, topic);
      record(label(gateway, "produce, kcat"), await measure(worker.pid, gateway.pid, produce));
    }
    const fetchHttpCase = `HTTP fetch, pages of ${BATCH}, one after another`;
    record(fetchHttpCase, await measure(worker.pid, null, () => consumeHttp(base, httpTopic)));
    for (const gateway of order) {
      const consume = () => consumeKafka(gateway.broker, httpTopic);
      record(label(gateway, "fetch, kcat"), await measure(worker.pid, gateway.pid, consume));
    }
    console.error(`round ${r + 1}/${ROUNDS} done`);
  }
  console.log(
    `Kafka gateway bench: ${RECORDS.toLocaleString("en")} records of 100 B per round and case, one partition, acks=all, ${ROUNDS} rounds; load average ${loadAtStart.toFixed(1)} at the start\n`,
  );
  console.log(
    "| case | records/s per round | median | CPU ms / 1,000 records: workerd · gateway · client (medians) | machine busy |",
  );
  console.log("|---|---|---|---|---|");
  for (const [name, runs] of results) {
    const m = (key) => (runs[0][key] === null ? null : median(runs.map((x) => x[key])));
    const rates = runs.map((x) => Math.round(x.rate).toLocaleString("en")).join(" / ");
    const cpu = `${round(m("workerd"), 1)} · ${round(m("gateway"), 1)} · ${round(m("client"), 1)}`;
    console.log(
      `| ${name} | ${rates} | ${Math.round(m("rate")).toLocaleString("en")} | ${cpu} | ${round(m("busy"))}% |`,
    );
  }
  const rate = (name) => median(results.get(name).map((x) => x.rate));
  for (const gateway of gateways) {
    const produce = rate(label(gateway, "produce, kcat")) / rate([...results.keys()][0]);
    const fetch =
      rate(label(gateway, "fetch, kcat")) /
      rate([...results.keys()].find((k) => k.startsWith("HTTP fetch")));
    console.log(
      `\n${label(gateway, "/ HTTP")}: produce ${produce.toFixed(2)}× (target ≥ 0.7×), fetch ${fetch.toFixed(2)}× (target ≥ 1×)`,
    );
  }
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  for (const gateway of gateways) await gateway.stop();
  await worker.dispose();
  await dir.remove();
}
process.exitCode = failed ? 1 : 0;
