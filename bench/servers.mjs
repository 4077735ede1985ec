// Starting and stopping the systems under test: workers through wrangler, Redis as a child
// process; each answers the pid whose CPU time the bench charges to it.
import { execFile, spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { unstable_DevEnv } from "wrangler";
import { childListeningOn } from "./proc.mjs";

const REDIS_START_MS_MAX = 10_000;
/** Bundling and loading a worker takes seconds; past this something is wrong, not slow. */
const WORKER_START_MS_MAX = 60_000;

/** A fresh directory under the OS temp dir; `remove()` deletes it, `removeNow()` synchronously. */
export async function makeTempDir(prefix) {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const options = { recursive: true, force: true };
  return { path, remove: () => rm(path, options), removeNow: () => rmSync(path, options) };
}

/** Rejects with `message` if `promise` has not settled within `ms`; leaves no timer behind. */
function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs a worker from its wrangler config with extra plain-text `vars`, persisting to
 * `persistDir`, with logs, the inspector, watching and live reload off. Answers the URL of the
 * user worker itself: `wrangler dev` puts a proxy worker (another workerd process) in front of
 * it for reloads, and on a 2-core machine that extra hop would be measured as part of every
 * system.
 */
export async function startWorker(configPath, persistDir, vars = {}) {
  const devEnv = new unstable_DevEnv();
  // The runtime announces the user worker's own address once it is loaded; listen before start.
  const userUrl = new Promise((resolve) => {
    devEnv.once("reloadComplete", (event) => {
      const { protocol, hostname, port } = event.proxyData.userWorkerUrl;
      resolve(new URL(`${protocol}//${hostname}:${port}`));
    });
  });
  const bindings = Object.fromEntries(
    Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value }]),
  );
  const worker = await devEnv.startWorker({
    config: configPath,
    bindings,
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      logLevel: "none",
      persist: persistDir,
      watch: false,
      liveReload: false,
    },
  });
  try {
    const message = `${configPath} did not start within ${WORKER_START_MS_MAX} ms`;
    const started = Promise.all([worker.url, userUrl]);
    const [proxyUrl, url] = await withTimeout(started, WORKER_START_MS_MAX, message);
    // The workerd serving the user worker, a child of this process (wrangler runs in-process).
    const pid = childListeningOn(process.pid, Number(url.port));
    return { url, proxyUrl, pid, dispose: () => worker.dispose() };
  } catch (error) {
    await worker.dispose();
    throw error;
  }
}

/** True when `command --version` (or `-v`) runs; wrk answers -v with status 1 and its banner. */
function runs(command, flag = "--version") {
  const { error, stdout } = spawnSync(command, [flag], { encoding: "utf8" });
  return error === undefined && stdout !== "";
}

/**
 * "<command> <version>" from what `command flag` prints ("Redis server v=7.0.15 …",
 * "wrk debian/4.1.0-3 [epoll] …"), or null when it is not installed.
 */
export function versionOf(command, flag = "--version") {
  if (!runs(command, flag)) return null;
  const banner = spawnSync(command, [flag], { encoding: "utf8" }).stdout;
  const version = /\d+\.\d+\.\d+/.exec(banner)?.[0] ?? banner.split("\n")[0].trim();
  return `${command} ${version}`;
}

/**
 * wrk is required, Redis optional. Missing tools are installed from Debian's packages when this
 * runs as root with apt-get; otherwise the bench says how and runs without Redis (or stops,
 * without wrk).
 */
export function ensureTools() {
  const missing = ["wrk", "redis-server"].filter(
    (tool) => !runs(tool, tool === "wrk" ? "-v" : "--version"),
  );
  if (missing.length > 0 && process.getuid?.() === 0 && runs("apt-get", "--version")) {
    // Debian's redis-server package brings redis-tools (redis-cli, redis-benchmark) along.
    console.error(`installing ${missing.join(" ")} with apt-get`);
    const stdio = ["ignore", "ignore", "inherit"];
    spawnSync("apt-get", ["update"], { stdio });
    spawnSync("apt-get", ["install", "-y", ...missing], { stdio });
  }
  const hint = "apt-get update && apt-get install -y wrk redis-server";
  if (!runs("wrk", "-v")) throw new Error(`wrk is needed to generate the load: ${hint}`);
  const redis = runs("redis-server") && runs("redis-benchmark") && runs("redis-cli");
  if (!redis) console.error(`Redis not installed, its column is skipped (${hint})`);
  return { redis };
}

/**
 * The machine and the versions of everything measured, for the results file and the header
 * line; `root` is the repository, whose node_modules hold wrangler and workerd.
 */
export function machine(root) {
  const version = (name) =>
    JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, "utf8")).version;
  return {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGB: Math.round(totalmem() / 1e9),
    node: process.version,
    wrangler: version("wrangler"),
    workerd: version("workerd"),
    redis: versionOf("redis-server"),
    wrk: versionOf("wrk", "-v"),
    // Anything else running (a test suite, a build) shares the cores and skews every number.
    loadAverage1mAtStart: loadavg()[0],
  };
}

const execFileAsync = promisify(execFile);

/** Runs `redis-cli -p port args…` and answers its output, trimmed. */
export async function redisCli(port, ...args) {
  const { stdout } = await execFileAsync("redis-cli", ["-p", String(port), ...args]);
  return stdout.trim();
}

/** A loopback port nothing listens on right now (the OS picks it). */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts redis-server on a free loopback port with an append-only file fsynced every second
 * (`appendfsync everysec`, Redis's default fsync policy for the AOF) and no RDB snapshots: the
 * closest Redis comes to a durable log without fsyncing every write.
 */
export async function startRedis(dir) {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", ""];
  args.push("--appendonly", "yes", "--appendfsync", "everysec");
  const child = spawn("redis-server", [...args, "--dir", dir], { stdio: "ignore" });
  // "close" also follows a failed spawn ("error"), so `stop` never waits forever.
  const exited = new Promise((resolve) => child.once("close", resolve));
  child.once("error", () => {});
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  const stop = async () => {
    kill();
    await exited;
  };
  const deadline = Date.now() + REDIS_START_MS_MAX;
  while (Date.now() < deadline) {
    // Before it listens redis-cli fails; while it loads it answers an error instead of PONG.
    const answer = await redisCli(port, "PING").catch(() => null);
    if (answer === "PONG") return { port, pid: child.pid, stop, kill };
    await sleep(50);
  }
  await stop();
  throw new Error(
    `redis-server did not answer PING on port ${port} within ${REDIS_START_MS_MAX} ms`,
  );
}
