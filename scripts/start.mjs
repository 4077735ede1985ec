// `npm start`: edgelog under wrangler dev on http://localhost:8787 (state in .wrangler/state)
// and the Kafka gateway on 127.0.0.1:9092 in front of it, so `kcat -b localhost:9092 -L` works
// right after the quick start. Arguments after `npm start --` go to wrangler dev. Ctrl-C (or
// either process ending) stops both.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const HTTP_PORT = 8787;
const KAFKA_LISTEN = "127.0.0.1:9092";
// The CLI from the current sources (as `npm run build` makes it), so an edit shows at once.
const CLI = join(ROOT, "node_modules", ".cache", "edgelog-start", "edgelog.mjs");

await build({
  entryPoints: [join(ROOT, "src", "cli", "bin.ts")],
  outfile: CLI,
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning",
});

const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const wranglerArgs = [
  join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js"),
  "dev",
  "--port",
  String(HTTP_PORT),
  "--persist-to",
  ".wrangler/state",
  "--var",
  "EDGELOG_DEV:1",
  ...process.argv.slice(2),
];
const gatewayArgs = [
  CLI,
  "kafka-gateway",
  "--url",
  `http://127.0.0.1:${HTTP_PORT}`,
  "--listen",
  KAFKA_LISTEN,
];
const children = [
  spawn(process.execPath, wranglerArgs, { cwd: ROOT, env, stdio: "inherit" }),
  spawn(process.execPath, gatewayArgs, { cwd: ROOT, env, stdio: "inherit" }),
];

let stopping = false;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stopAll(signal));
const exits = children.map((child) => new Promise((resolve) => child.once("exit", resolve)));
// Either one ending (a crash, a port in use) ends the other: half a server is no server.
await Promise.race(exits);
stopAll("SIGTERM");
const codes = await Promise.all(exits);
process.exitCode = codes.find((code) => typeof code === "number" && code !== 0) ?? 0;
