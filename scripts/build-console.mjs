// Bundles the web console (console/): each page's TypeScript with what it imports (uPlot from npm
// included), the stylesheet with uPlot's, and the favicon, into one JSON module,
// console/dist/assets.json, that the worker imports and serves under /console/assets/. A JSON
// module, because wrangler's bundler and Vite (the vitest workerd pool) both import JSON as is:
// the same bytes are served by `wrangler dev`, by the tests and by a deployment, with no assets
// binding and no module rules. Run by `npm install` (prepare) and by wrangler before every
// `wrangler dev` and `wrangler deploy` ([build] in wrangler.toml).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const CONSOLE = fileURLToPath(new URL("../console/", import.meta.url));
const DIST = join(CONSOLE, "dist");
/** One entry per page (console/pages/<name>.ts), served as /console/assets/<name>.js. */
const PAGES = [
  "overview",
  "topic",
  "partition",
  "group",
  "share-groups",
  "share-group",
  "queries",
  "query",
];

const bundled = await build({
  entryPoints: [
    ...PAGES.map((page) => join(CONSOLE, "pages", `${page}.ts`)),
    join(CONSOLE, "static", "console.css"),
  ],
  outdir: DIST,
  entryNames: "[name]",
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  write: false,
  logLevel: "warning",
});

const files = Object.fromEntries(
  bundled.outputFiles.map((file) => [file.path.slice(DIST.length + 1), file.text]),
);
files["favicon.svg"] = readFileSync(join(CONSOLE, "static", "favicon.svg"), "utf8");

const TYPES = { js: "text/javascript", css: "text/css", svg: "image/svg+xml" };
const assets = {};
for (const [name, body] of Object.entries(files)) {
  const type = TYPES[name.split(".").pop()];
  if (type === undefined) throw new Error(`console asset ${name} has no known content type`);
  const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 20)}"`;
  assets[name] = { type: `${type}; charset=utf-8`, etag, body };
}

// Written whole and renamed into place: a worker bundling meanwhile never reads half a file.
mkdirSync(DIST, { recursive: true });
const temporary = join(DIST, `assets.json.${process.pid}`);
writeFileSync(temporary, JSON.stringify(assets));
renameSync(temporary, join(DIST, "assets.json"));
