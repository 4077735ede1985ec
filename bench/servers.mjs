// Starting and stopping the systems under test: workers through wrangler, Redis as a child process.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { unstable_DevEnv } from "wrangler";
import { RespClient } from "./resp-client.mjs";

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
    return { url, proxyUrl, dispose: () => worker.dispose() };
  } catch (error) {
    await worker.dispose();
    throw error;
  }
}

/** True when a `redis-server` binary can be run. */
export function hasRedis() {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** The version line of `redis-server`, for the results file. */
export function redisVersion() {
  return spawnSync("redis-server", ["--version"], { encoding: "utf8" }).stdout.trim();
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
 * Starts redis-server on a free loopback port with persistence off (no RDB snapshots, no AOF):
 * it is the in-memory ceiling, not a like-for-like durable log.
 */
export async function startRedis(dir) {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
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
    try {
      const client = await RespClient.connect("127.0.0.1", port);
      await client.command(["PING"]);
      client.close();
      return { port, stop, kill };
    } catch {
      await sleep(50);
    }
  }
  await stop();
  throw new Error(
    `redis-server did not answer PING on port ${port} within ${REDIS_START_MS_MAX} ms`,
  );
}
