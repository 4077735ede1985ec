// Builds what the `edgelog` package (packages/edgelog) ships: the CLI as one executable file for
// Node 18+, and the SDK as one ES module with its type declarations, so
// `import { Edgelog } from "edgelog"` works in plain Node, bundlers, browsers and Workers alike.
// Run by `npm run build`, by the repository's `npm install`, and before `npm pack` of the package,
// which then ships these built files and no build step of its own.
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "packages", "edgelog", "dist");

/** Bundles one entry point into one ES module under the package's dist/. */
function bundle(entry, outfile, options) {
  return build({
    entryPoints: [join(ROOT, "src", ...entry)],
    outfile: join(DIST, outfile),
    bundle: true,
    format: "esm",
    logLevel: "warning",
    ...options,
  });
}

rmSync(DIST, { recursive: true, force: true });
await bundle(["cli", "bin.ts"], "edgelog.mjs", {
  platform: "node",
  target: "node18",
  banner: { js: "#!/usr/bin/env node" },
});
chmodSync(join(DIST, "edgelog.mjs"), 0o755);
// fetch only: the same module for Node, browsers and Workers.
await bundle(["client", "index.ts"], "sdk.mjs", { platform: "neutral", target: "es2022" });
execFileSync(
  process.execPath,
  [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.sdk.json"],
  {
    cwd: ROOT,
    stdio: "inherit",
  },
);
