// The guard that keeps a fuzz request from being a valid write: every body a write route's parser
// accepts, and any admin DELETE naming a seeded resource, is drawn again.
import { parseBeacon } from "../../../src/beacons/beacon-events.js";
import {
  parseClassicCommit,
  parseClassicHeartbeat,
  parseClassicJoin,
  parseClassicLeave,
  parseClassicSync,
} from "../../../src/protocol/classic-group-request.js";
import { parseFaultRequest } from "../../../src/protocol/fault-request.js";
import {
  parseCommit,
  parseHeartbeat,
  parseJoin,
  parseReset,
} from "../../../src/protocol/group-request.js";
import { isPlainObject } from "../../../src/protocol/json-body.js";
import { REQUEST_BYTES_MAX } from "../../../src/protocol/limits.js";
import { isValidName } from "../../../src/protocol/names.js";
import { parseProduceJson, parseProduceNdjson } from "../../../src/protocol/produce-request.js";
import { parseCreateToken } from "../../../src/protocol/token-request.js";
import { parseAlterTopic, parseCreateTopic } from "../../../src/protocol/topic-request.js";
import { parseTrackConfig } from "../../../src/protocol/track-config.js";
import { parseWebhookConfig } from "../../../src/protocol/webhook-config.js";
import { authKindOf } from "./headers.js";
import type { Fixture, FuzzRequest } from "./request.js";

/** Whether a method (in any case) never writes. */
export function isReadOnly(method: string): boolean {
  return ["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

/**
 * Null when the request cannot be a valid write; else why it might be. Conservative: every body a
 * write route's parser accepts is refused whatever the path, and a DELETE with the admin token
 * must not name a seeded resource anywhere in its path (decoded any number of times).
 */
export function mayWrite(
  request: FuzzRequest,
  fx: Fixture,
  urlOf: (path: string) => string,
): string | null {
  const method = request.method.toUpperCase();
  if (isReadOnly(method)) return null;
  let url: URL;
  try {
    url = new URL(urlOf(request.path));
  } catch {
    return null;
  }
  const auth = request.headers.find(([name]) => name === "authorization")?.[1] ?? null;
  const kind = authKindOf(auth, fx);
  const overridesMethod = request.headers.some(([name]) => name === "x-http-method-override");
  if ((method === "DELETE" || overridesMethod) && kind === "admin") {
    const decoded = decodings(url.pathname).join("\n").toLowerCase();
    const names = [fx.topic, fx.group, fx.tokenId].map((n) => n.toLowerCase());
    const isMemberRoute = /^\/v1\/groups\/[^/]+\/members\/[^/]+$/.test(url.pathname);
    if (!isMemberRoute && names.some((n) => decoded.includes(n))) {
      return "admin DELETE of a seeded resource";
    }
  }
  const body = request.body;
  if (body === null || body.kind === "oversized") return null;
  // Webhook deliveries to the seeded topic need an HMAC the fuzz never computes; other topics
  // do not exist.
  if (method === "POST" && url.pathname.startsWith("/v1/webhooks/")) {
    return null;
  }
  if (body.bytes.length > REQUEST_BYTES_MAX) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body.bytes);
  } catch {
    return null;
  }
  const accepted = withParseMemo(() => acceptingParser(text, url));
  return accepted === null ? null : `body accepted by ${accepted}`;
}

/**
 * Runs `fn` with JSON.parse remembering its answers: the parsers below parse the same body again
 * and again, which is slow for deeply nested ones. Generation is synchronous, so nothing else
 * (the worker included) parses JSON meanwhile.
 */
function withParseMemo<T>(fn: () => T): T {
  const parse = JSON.parse;
  const memo = new Map<string, { value: unknown } | { error: unknown }>();
  JSON.parse = ((
    text: string,
    reviver?: (this: unknown, key: string, value: unknown) => unknown,
  ) => {
    if (reviver !== undefined) return parse(text, reviver);
    let entry = memo.get(text);
    if (entry === undefined) {
      try {
        entry = { value: parse(text) };
      } catch (error) {
        entry = { error };
      }
      memo.set(text, entry);
    }
    if ("error" in entry) throw entry.error;
    return entry.value;
  }) as typeof JSON.parse;
  try {
    return fn();
  } finally {
    JSON.parse = parse;
  }
}

/** The path decoded again and again, as far as it decodes. */
function decodings(path: string): string[] {
  const out = [path];
  let current = path;
  for (let i = 0; i < 4; i++) {
    const next = current.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (next === current) break;
    out.push(next);
    current = next;
  }
  return out;
}

function accepts(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

/** The first write parser that accepts `text`, or null. */
function acceptingParser(text: string, url: URL): string | null {
  const firstWins: Record<string, string> = {};
  for (const [k, v] of url.searchParams) firstWins[k] ??= v;
  const lastWins = Object.fromEntries(url.searchParams);
  const checks: Array<[string, () => unknown]> = [
    ["produce (JSON)", () => parseProduceJson(text)],
    ["produce (NDJSON)", () => parseProduceNdjson(text, firstWins)],
    ["produce (NDJSON, last query values)", () => parseProduceNdjson(text, lastWins)],
    ["beacon", () => parseBeacon(text)],
  ];
  for (const [name, parse] of checks) if (accepts(parse)) return name;
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ""));
  } catch {
    return null;
  }
  const parsers: Array<[string, (v: unknown) => unknown]> = [
    ["create topic", parseCreateTopic],
    ["alter topic", parseAlterTopic],
    ["create token", parseCreateToken],
    ["fault", parseFaultRequest],
    ["join", parseJoin],
    ["heartbeat", parseHeartbeat],
    ["commit", parseCommit],
    ["reset", parseReset],
    ["classic join", parseClassicJoin],
    ["classic sync", parseClassicSync],
    ["classic heartbeat", parseClassicHeartbeat],
    ["classic leave", parseClassicLeave],
    ["classic commit", parseClassicCommit],
    ["webhook config", parseWebhookConfig],
    ["track config", parseTrackConfig],
    [
      "producer",
      (v) => {
        if (!isPlainObject(v) || Object.keys(v).length !== 1) throw new Error("no");
        if (typeof v.name !== "string" || !isValidName(v.name)) throw new Error("no");
      },
    ],
  ];
  for (const [name, parse] of parsers) if (accepts(() => parse(value))) return name;
  return null;
}
