// The process around `main`: Node's streams, environment and signals. Ctrl-C asks the running
// command to stop cleanly (a group member commits and leaves); a second Ctrl-C exits at once.
import { readFileSync } from "node:fs";
import { main } from "./main.js";

const stop = new AbortController();
let interrupts = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (++interrupts > 1) process.exit(130);
    stop.abort();
  });
}
// A reader that went away (`| head`) ends the command; the error itself is not worth a line.
process.stdout.on("error", () => stop.abort());

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: stop.signal,
  // The package's own manifest, beside the folder this bundle is built into (dist/).
  version: () =>
    JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version,
});
// Keep-alive sockets and timers of a stopped stream must not hold the process open.
process.stdout.write("", () => process.exit());
