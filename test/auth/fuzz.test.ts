// Fuzzing every route with auth on: at least 1,200 malformed requests generated from a seeded PRNG
// (random bytes, invalid UTF-8, truncated, garbled and deeply nested JSON, wrong JSON types, huge
// and odd numbers, oversized bodies with and without a length, huge headers, odd content types,
// path traversal and odd names in path parameters, bad query parameters, garbage tokens). None may
// answer 500 or crash the worker, and none may change what is stored: every request that could
// be a valid write is malformed by construction, and checked against the routes' own parsers
// before it is sent (a body any of them accepts is never sent).
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, withToken } from "../support/auth.js";
import { oversizedSources } from "../support/fuzz/bodies.js";
import { generate } from "../support/fuzz/generate.js";
import { Rng } from "../support/fuzz/random.js";
import { type FuzzRequest, KiB, type OversizedSources } from "../support/fuzz/request.js";
import { ROUTES } from "../support/fuzz/routes.js";
import { seedStoredData, snapshotStoredData } from "../support/fuzz/snapshot.js";
import { isReadOnly } from "../support/fuzz/write-guard.js";
import { seededRandom } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

/** Change it to explore other requests; a failure names the seed and the request's index. */
const SEED = 0x5eed_2026;
const REQUESTS = 2_000;
const CONCURRENCY = 8;
/** A request that takes longer than this is reported as hung. */
const REQUEST_TIMEOUT_MS = 20_000;

const admin = withToken(api, ADMIN_TOKEN);

// ---------------------------------------------------------------------------------------------
// Sending

interface Outcome {
  request: FuzzRequest;
  status: number;
  code: string | null;
  text: string;
  ms: number;
  problem: string | null;
}

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

function buildRequest(request: FuzzRequest, sources: OversizedSources): Request {
  const headers = new Headers();
  for (const [name, value] of request.headers) headers.append(name, value);
  let body: BodyInit | null = null;
  const spec = request.body;
  if (spec !== null) {
    const bytes =
      spec.kind === "bytes" ? spec.bytes.slice() : sources[spec.content].slice(0, spec.size);
    body = spec.stream ? streamOf(bytes, spec.kind === "bytes" ? 1_000 : 64 * KiB) : bytes;
  }
  return new Request(api.url(request.path), { method: request.method, headers, body });
}

async function send(request: FuzzRequest, sources: OversizedSources): Promise<Outcome> {
  const started = Date.now();
  const outcome = (status: number, code: string | null, text: string, problem: string | null) => ({
    request,
    status,
    code,
    text,
    ms: Date.now() - started,
    problem,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), REQUEST_TIMEOUT_MS);
  });
  try {
    const response = await Promise.race([api.fetchFn(buildRequest(request, sources)), timeout]);
    if (response === "timeout")
      return outcome(0, null, "", `no answer in ${REQUEST_TIMEOUT_MS} ms`);
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream")) {
      await response.body?.cancel();
      return outcome(response.status, null, "(event stream)", null);
    }
    const text = await Promise.race([response.text(), timeout]);
    if (text === "timeout") return outcome(response.status, null, "", "body never ended");
    let code: string | null = null;
    try {
      const parsed = JSON.parse(text) as { error?: { code?: unknown } };
      if (typeof parsed?.error?.code === "string") code = parsed.error.code;
    } catch {
      // Not JSON (track.js, empty 204s): only the status is checked.
    }
    const status = response.status;
    let problem: string | null = null;
    const write = !isReadOnly(request.method);
    if (code === "INTERNAL") problem = "INTERNAL error";
    else if (status >= 500 && status !== 503) problem = `status ${status}`;
    else if (write && status >= 200 && status < 300) problem = "a malformed write was accepted";
    return outcome(status, code, text, problem);
  } catch (err) {
    return outcome(0, null, "", `the worker threw: ${String(err).slice(0, 300)}`);
  } finally {
    clearTimeout(timer);
  }
}

async function runAll(requests: FuzzRequest[], sources: OversizedSources): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      outcomes[i] = await send(requests[i] as FuzzRequest, sources);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

function describeRequest(r: FuzzRequest): string {
  const path = r.path.length > 160 ? `${r.path.slice(0, 160)}… (${r.path.length} chars)` : r.path;
  const headers = r.headers
    .filter(([name]) => !name.startsWith("x-h-"))
    .map(([name, value]) =>
      value.length > 60
        ? `${name}: ${value.slice(0, 40)}… (${value.length} B)`
        : `${name}: ${value}`,
    );
  return [
    `#${r.index} [${r.route}] ${r.method} ${path}`,
    `    headers: ${headers.join(" | ") || "(none)"}`,
    `    body: ${r.bodyLabel}`,
    `    malformed: ${r.tags.join("; ")}`,
  ].join("\n");
}

function report(failures: Outcome[]): string {
  const shown = failures.slice(0, 40).map((o) => {
    const excerpt = o.text.length > 300 ? `${o.text.slice(0, 300)}…` : o.text;
    return `${describeRequest(o.request)}\n    → ${o.problem}; status ${o.status}: ${excerpt}`;
  });
  const more = failures.length > 40 ? `\n… and ${failures.length - 40} more` : "";
  return `${failures.length} of ${REQUESTS} fuzz requests (seed 0x${SEED.toString(16)}) failed:\n${shown.join("\n")}${more}`;
}

function tally(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

// ---------------------------------------------------------------------------------------------

describe("fuzzing every route with malformed requests (auth on)", () => {
  it(`answers ${REQUESTS} malformed requests (seed 0x${SEED.toString(16)}) without a 500 or a change to stored data`, {
    timeout: 120_000,
  }, async () => {
    const fx = await seedStoredData(api, SEED);
    const before = await snapshotStoredData(api, fx);
    expect(before.records).toEqual([expect.any(Array), expect.any(Array)]);

    const generating = Date.now();
    const rng = new Rng(seededRandom(SEED));
    const redrawn: string[] = [];
    const requests = Array.from({ length: REQUESTS }, (_, i) =>
      generate(rng, i, fx, (path) => api.url(path), redrawn),
    );
    const sources = oversizedSources(rng);
    const generated = Date.now() - generating;
    expect(new Set(requests.map((r) => r.route)).size).toBe(ROUTES.length);
    const started = Date.now();
    const outcomes = await runAll(requests, sources);
    const elapsed = Date.now() - started;

    console.log(
      `fuzz: ${REQUESTS} requests generated in ${generated} ms, sent in ${elapsed} ms (seed 0x${SEED.toString(16)})\n` +
        `by route: ${JSON.stringify(tally(requests.map((r) => r.route)))}\n` +
        `by status: ${JSON.stringify(tally(outcomes.map((o) => String(o.status))))}\n` +
        `by code: ${JSON.stringify(tally(outcomes.map((o) => o.code ?? "-")))}\n` +
        `redrawn (might have been valid writes, or unsendable): ${JSON.stringify(tally(redrawn))}\n` +
        `by body: ${JSON.stringify(tally(requests.map((r) => r.bodyLabel.replace(/[ (:].*$/, ""))))}\n` +
        `slowest: ${outcomes
          .slice()
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 3)
          .map((o) => `#${o.request.index} ${o.request.route} ${o.ms} ms`)
          .join(", ")}`,
    );

    const failures = outcomes.filter((o) => o.problem !== null);
    expect.soft(failures.length, report(failures)).toBe(0);

    // The worker still serves, and nothing stored changed.
    const alive = await admin.request("GET", `/v1/topics/${fx.topic}`);
    expect(alive.status).toBe(200);
    expect(await snapshotStoredData(api, fx)).toEqual(before);
    const fresh = `${fx.prefix}-after`;
    expect((await admin.createTopic(fresh)).status).toBe(201);
    expect((await admin.produce(fresh, [{ value: "still writable" }])).status).toBe(200);
    expect((await admin.fetchAll(fresh, 0)).map((r) => r.value)).toEqual(["still writable"]);
  });
});
