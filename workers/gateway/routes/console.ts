// The web console (design/observability.md, "The console"): one HTML shell per view, naming the
// page's script, and the bundled scripts, stylesheet and favicon (console/dist/assets.json, built
// by scripts/build-console.mjs). Mounted before authentication: these files hold no data; every
// number a page shows comes from the API with the tab's token.
import { Hono } from "hono";
import ASSETS from "../../../console/dist/assets.json";
import { EdgelogError } from "../../../src/protocol/errors.js";
import type { AppContext, AppEnv } from "../context.js";
import { methodNotAllowed } from "../errors.js";

type PageName =
  | "overview"
  | "topic"
  | "partition"
  | "group"
  | "share-groups"
  | "share-group"
  | "queries"
  | "query";

interface Asset {
  type: string;
  etag: string;
  body: string;
}

const assets: Record<string, Asset | undefined> = ASSETS;

/**
 * Same-origin everything: scripts, styles, images and API calls come from edgelog itself, so a
 * page can never load from or send to another origin. Inline styles: uPlot sizes its elements.
 */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' " +
    "data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

function shell(page: PageName): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edgelog console</title>
<link rel="icon" type="image/svg+xml" href="/console/assets/favicon.svg">
<link rel="stylesheet" href="/console/assets/console.css">
<script type="module" src="/console/assets/${page}.js"></script>
</head>
<body>
<header><a href="/console">edgelog console</a> <a href="/console/share-groups">Share groups</a> <a href="/console/queries">Queries</a></header>
<main id="main"><p>Loading…</p></main>
</body>
</html>
`;
}

function servePage(page: PageName) {
  return (c: AppContext) =>
    c.body(shell(page), 200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-cache",
      ...SECURITY_HEADERS,
    });
}

const PAGES: Array<[string, PageName]> = [
  ["/console", "overview"],
  ["/console/topics/:topic", "topic"],
  ["/console/topics/:topic/partitions/:partition", "partition"],
  ["/console/groups/:group", "group"],
  ["/console/share-groups", "share-groups"],
  ["/console/share-groups/:group", "share-group"],
  ["/console/queries", "queries"],
  ["/console/queries/:name", "query"],
];

export const consoleRoutes = new Hono<AppEnv>();
for (const [path, page] of PAGES) {
  consoleRoutes.get(path, servePage(page)).all(path, methodNotAllowed);
}
consoleRoutes
  .get("/console/assets/:file", (c) => {
    const asset = assets[c.req.param("file")];
    if (asset === undefined) {
      throw new EdgelogError("NOT_FOUND", `no console asset ${c.req.param("file")}`);
    }
    // Revalidated on every load (tiny answers when unchanged), so a deploy is picked up at once.
    const headers = { etag: asset.etag, "cache-control": "no-cache", ...SECURITY_HEADERS };
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, { ...headers, "content-type": asset.type });
  })
  .all("/console/assets/:file", methodNotAllowed);
