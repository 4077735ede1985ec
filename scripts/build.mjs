// Builds what the package ships: the `edgelog` CLI as one executable file for Node 18+, and the
// SDK as one ES module with its type declarations, so `import { Edgelog } from "edgelog"` works
// in plain Node, bundlers, browsers and Workers alike. Run by `npm run build` and on install.
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");

rmSync(DIST, { recursive: true, force: true });
await build({
  entryPoints: [join(ROOT, "src", "cli", "bin.ts")],
  outfile: join(DIST, "edgelog.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node18",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync(join(DIST, "edgelog.mjs"), 0o755);
// fetch only: the same module for Node, browsers and Workers.
await build({
  entryPoints: [join(ROOT, "src", "client", "index.ts")],
  outfile: join(DIST, "sdk.mjs"),
  bundle: true,
  platform: "neutral",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
execFileSync(
  process.execPath,
  [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.sdk.json"],
  {
    cwd: ROOT,
    stdio: "inherit",
  },
);
