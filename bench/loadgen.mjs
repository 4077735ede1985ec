// The load generators, both C programs that leave the server as the bottleneck: wrk for HTTP
// (scripts in bench/wrk/), redis-benchmark for Redis. Each runs under bash so its `times`
// builtin reports the generator's own CPU time, printed next to every case as proof the client
// was not saturated.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WRK_DIR = fileURLToPath(new URL("wrk/", import.meta.url));
/** A wrk request slower than this counts as a timeout (an error), so a stuck server shows. */
const WRK_TIMEOUT = "30s";

/** Runs `command args…` under bash; answers its stdout and its CPU ms (user + system). */
function runTimed(command, args, { env = {}, cwd } = {}) {
  const script = `${command} "$@"; status=$?; times; exit $status`;
  const child = spawn("bash", ["-c", script, "bash", ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) {
        reject(new Error(`${command} exited with ${code}: ${(stderr || stdout).slice(0, 500)}`));
        return;
      }
      // `times` prints the shell's own times, then its children's: "0m1.230s 0m0.450s".
      const lines = stdout.trimEnd().split("\n");
      const [user, system] = lines[lines.length - 1].split(" ").map(parseBashTime);
      resolve({ stdout: lines.slice(0, -2).join("\n"), cpuMs: user + system });
    });
  });
}

function parseBashTime(text) {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (match === null) throw new Error(`unexpected \`times\` output ${JSON.stringify(text)}`);
  return (Number(match[1]) * 60 + Number(match[2])) * 1000;
}

/**
 * wrk against `url` for `seconds` (whole seconds: wrk takes no fractions) over `connections`
 * connections on one thread (enough: its CPU is reported), with `script` (a bench/wrk/ file) and
 * `env` for the script. Answers requests, seconds, errors, p50/p99 ms and the client's CPU ms.
 */
export async function runWrk({ url, script, env, connections, seconds }) {
  const args = ["-t", "1", "-c", String(connections), "-d", `${seconds}s`];
  args.push("--timeout", WRK_TIMEOUT, "--latency", "-s", script, String(url));
  const { stdout, cpuMs } = await runTimed("wrk", args, { env, cwd: WRK_DIR });
  const line = stdout.split("\n").find((text) => text.startsWith("WRK_JSON "));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${stdout.slice(0, 500)}`);
  const figures = JSON.parse(line.slice("WRK_JSON ".length));
  const errors =
    figures.connectErrors +
    figures.readErrors +
    figures.writeErrors +
    figures.statusErrors +
    figures.timeouts;
  return {
    requests: figures.requests,
    seconds: figures.durationUs / 1e6,
    errors,
    errorNote: errors > 0 ? `wrk: ${line.slice("WRK_JSON ".length)}` : null,
    p50Ms: figures.p50Us / 1000,
    p99Ms: figures.p99Us / 1000,
    clientCpuMs: cpuMs,
  };
}

/**
 * redis-benchmark sending `command` (an argument list) `requests` times over `connections`
 * connections, `pipeline` commands per round trip. It runs a count, not a duration: the caller
 * sizes `requests` from the rate seen so far. Latencies are per command as redis-benchmark
 * measures them (with a pipeline, about one round trip of the whole pipeline). It does not
 * count error replies: callers check the outcome (an XADD's stream length).
 */
export async function runRedisBenchmark({
  port,
  command,
  requests,
  connections,
  pipeline,
  random,
}) {
  const args = ["-h", "127.0.0.1", "-p", String(port), "-c", String(connections)];
  // -r: __rand_int__ in the command becomes a random number below `random`.
  if (random !== undefined) args.push("-r", String(random));
  args.push("-n", String(requests), "-P", String(pipeline), "--csv", ...command);
  const { stdout, cpuMs } = await runTimed("redis-benchmark", args);
  // CSV: "test","rps","avg_latency_ms","min…","p50…","p95…","p99…","max…". The test name is the
  // command and may hold commas (a JSON value), so the figures are read from the row's end.
  const row = stdout
    .split("\n")
    .filter((text) => text.startsWith('"'))
    .at(-1);
  const cells = row?.split(",").slice(-7);
  const [rps, , , p50Ms, , p99Ms] = (cells ?? []).map((cell) => Number(cell.replaceAll('"', "")));
  if (!(rps > 0)) throw new Error(`redis-benchmark printed no figures:\n${stdout.slice(0, 500)}`);
  return {
    requests,
    seconds: requests / rps,
    errors: 0,
    errorNote: null,
    p50Ms,
    p99Ms,
    clientCpuMs: cpuMs,
  };
}
