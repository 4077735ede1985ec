// Building one fuzz request for a route: its path, query, headers and body, each possibly
// malformed, drawn again until it cannot be a valid write and the runtime can build it.
import { REQUEST_BYTES_MAX } from "../../../src/protocol/limits.js";
import { malformedBody, webhookBody } from "./bodies.js";
import {
  authHeader,
  hugeHeader,
  manyHeaders,
  ODD_CONTENT_TYPES,
  oddRouteHeader,
} from "./headers.js";
import { junkQueryPart } from "./queries.js";
import type { Rng } from "./random.js";
import type { BodySpec, Fixture, FuzzRequest } from "./request.js";
import { ROUTES, type RouteSpec } from "./routes.js";
import { mayWrite } from "./write-guard.js";

/**
 * A request for slot `index`; candidates that might be valid writes, or that the runtime cannot
 * build, are drawn again (and why is pushed to `redrawn`). `urlOf` makes a path a full URL.
 */
export function generate(
  rng: Rng,
  index: number,
  fx: Fixture,
  urlOf: (path: string) => string,
  redrawn: string[],
): FuzzRequest {
  for (let attempt = 0; ; attempt++) {
    const request = candidate(rng, index, fx);
    const unsafe = mayWrite(request, fx, urlOf) ?? unsendable(request, urlOf);
    if (unsafe === null) return request;
    redrawn.push(unsafe.replace(/:.*$/, ""));
    if (attempt > 200) throw new Error(`request ${index}: no safe candidate (${unsafe})`);
  }
}

function candidate(rng: Rng, index: number, fx: Fixture): FuzzRequest {
  const route = ROUTES[index % ROUTES.length] as RouteSpec;
  const tags: string[] = [];
  let method = route.method;
  let path = route.path(rng, fx);
  if (isOdd(path)) tags.push("odd path");
  const auth = authHeader(rng, fx);
  if (!auth.label.startsWith("admin") && auth.label !== "access token") tags.push("auth");
  const headers: Array<[string, string]> = [];
  if (auth.value !== null) headers.push(["authorization", auth.value]);

  const hasBody = route.template !== undefined || route.raw !== undefined;
  // Which parts to malform; the body always, where there is one.
  const malformQuery = route.query !== undefined && rng.chance(hasBody ? 0.3 : 0.7);
  let body: BodySpec | null = null;
  let bodyLabel = "none";
  if (route.raw === "webhook") {
    ({ body, label: bodyLabel } = webhookBody(rng));
    tags.push("body");
  } else if (hasBody) {
    ({ body, label: bodyLabel } = malformedBody(rng, route, fx));
    tags.push("body");
  } else if (rng.chance(0.1) && method !== "GET") {
    body = { kind: "bytes", bytes: rng.bytes(rng.int(1, 2_048)), stream: false };
    bodyLabel = "random bytes on a body-less route";
  }
  if (route.query !== undefined) {
    path += route.query(rng, fx, malformQuery);
    if (malformQuery) tags.push("query");
  } else if (rng.chance(0.08)) {
    path += `?${junkQueryPart(rng)}`;
    tags.push("query");
  }

  // Content type: usually the right one, so the body reaches validation.
  if (body !== null) {
    const right = route.ndjson
      ? "application/x-ndjson"
      : route.raw === "beacon"
        ? rng.pick(["text/plain;charset=UTF-8", "application/json"])
        : route.raw === "webhook"
          ? rng.pick([
              "application/json",
              "text/plain",
              "application/octet-stream",
              "application/x-www-form-urlencoded",
            ])
          : "application/json";
    const roll = rng.next();
    if (roll < 0.7) headers.push(["content-type", right]);
    else if (roll < 0.8) tags.push("no content-type");
    else {
      headers.push(["content-type", rng.pick(ODD_CONTENT_TYPES)]);
      tags.push("content-type");
    }
  }
  if (rng.chance(0.1)) {
    const { header, label } = hugeHeader(rng, fx);
    headers.push(header);
    tags.push(label);
  }
  if (rng.chance(0.03)) {
    headers.push(...manyHeaders(rng));
    tags.push("hundreds of headers");
  }
  if (rng.chance(0.25)) {
    const header = oddRouteHeader(rng, route, fx);
    headers.push(header);
    tags.push(`${header[0]}: ${header[1].slice(0, 30)}`);
  }
  if (body?.kind === "bytes" && !body.stream && rng.chance(0.05)) {
    // A declared length past the limit is refused before reading (lies below it are not
    // interesting in-process: the runtime enforces a declared length only on the network).
    headers.push(["content-length", String(REQUEST_BYTES_MAX + rng.int(1, 1e9))]);
    tags.push("content-length past the limit");
  }
  if (rng.chance(0.08)) {
    method = rng.pick([
      "GET",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "OPTIONS",
      "HEAD",
      "PURGE",
      "patch",
    ]);
    if (method !== route.method) tags.push(`method ${method}`);
  }
  if (method === "GET" || method === "HEAD") {
    if (body !== null) {
      body = null;
      bodyLabel = "none";
    }
  }
  // Server-sent events only where the request fails before a stream opens.
  if (route.name === "records.fetch" && rng.chance(0.1)) {
    path += `${path.includes("?") ? "&" : "?"}maxRecords=zz`;
    headers.push(["accept", "text/event-stream"]);
    tags.push("SSE with a bad query");
  }
  if (tags.length === 0) {
    // Nothing malformed yet: malform the path or the query.
    if (rng.chance(0.5)) {
      path = `${path}${path.includes("?") ? "&" : "?"}${junkQueryPart(rng) || "%zz=1"}`;
      tags.push("query");
    } else {
      const { header, label } = hugeHeader(rng, fx);
      headers.push(header);
      tags.push(label);
    }
  }
  tags.unshift(`auth ${auth.label}`);
  return { index, route: route.name, method, path, headers, body, tags, bodyLabel };
}

/** Null when a Request can be made of it (the runtime refuses some methods and header values). */
function unsendable(request: FuzzRequest, urlOf: (path: string) => string): string | null {
  try {
    new Request(urlOf(request.path), { method: request.method, headers: request.headers });
    return null;
  } catch (err) {
    return `cannot be built: ${String(err)}`;
  }
}

function isOdd(path: string): boolean {
  return /%|\.\.|\/\/|[^\x21-\x7e]|\/$/.test(path) || path.length > 300;
}
