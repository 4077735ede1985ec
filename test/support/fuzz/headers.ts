// Headers for the fuzz requests: Authorization values good and garbage, odd content types,
// huge and numerous headers, and odd values for the headers a route reads.
import { ADMIN_TOKEN } from "../auth.js";
import { BASE64URL, HEX, type Rng } from "./random.js";
import { type Fixture, KiB } from "./request.js";
import type { RouteSpec } from "./routes.js";

type AuthKind = "admin" | "access" | "invalid" | "none";

export function authHeader(rng: Rng, fx: Fixture): { value: string | null; label: string } {
  const roll = rng.next();
  if (roll < 0.5) return { value: `Bearer ${ADMIN_TOKEN}`, label: "admin" };
  if (roll < 0.54) {
    return {
      value: rng.pick([`bearer ${ADMIN_TOKEN}`, `BEARER   ${ADMIN_TOKEN}  `]),
      label: "admin (odd spacing/case)",
    };
  }
  if (roll < 0.66) return { value: `Bearer ${fx.accessToken}`, label: "access token" };
  if (roll < 0.76) return { value: null, label: "none" };
  const [, id, secret] = /^elg_(.{12})_(.{43})$/.exec(fx.accessToken) ?? [];
  const garbage: Array<[string, string]> = [
    ["Bearer", "empty bearer"],
    ["Bearer ", "empty bearer"],
    ["Basic dXNlcjpwYXNz", "basic"],
    [`Token ${ADMIN_TOKEN}`, "wrong scheme"],
    [ADMIN_TOKEN, "no scheme"],
    [`Bearer ${ADMIN_TOKEN}x`, "admin + suffix"],
    [`Bearer ${ADMIN_TOKEN.slice(0, -1)}`, "admin truncated"],
    [`Bearer ${ADMIN_TOKEN.toUpperCase()}`, "admin upper-cased"],
    [`Bearer ${ADMIN_TOKEN} ${ADMIN_TOKEN}`, "admin twice"],
    [`Bearer\t${ADMIN_TOKEN}`, "tab separator"],
    [`Bearer ${ADMIN_TOKEN}, Bearer ${ADMIN_TOKEN}`, "two bearer values"],
    [`Bearer elg_${id}_${rng.from(BASE64URL, 43)}`, "right id, wrong secret"],
    [`Bearer elg_${rng.from(BASE64URL, 12)}_${secret}`, "wrong id, right secret"],
    [`Bearer elg_${id}`, "id only"],
    [`Bearer elg_${id}_${secret}x`, "access + suffix"],
    [`Bearer elg_${rng.from(BASE64URL, 12)}_${rng.from(BASE64URL, 43)}`, "random token"],
    [`Bearer ${rng.printable(rng.int(1, 200)).replace(/\s/g, "x")}`, "random bearer"],
    [rng.printable(rng.int(1, 300)), "random text"],
    [`Bearer ${"A".repeat(rng.int(10_000, 70_000))}`, "huge bearer"],
    [`Bearer ${"elg_".repeat(5_000)}`, "huge elg"],
  ];
  const [value, label] = rng.pick(garbage);
  return { value, label: `invalid: ${label}` };
}

/** The caller a request's Authorization header makes, as the gateway decides it. */
export function authKindOf(header: string | null, fx: Fixture): AuthKind {
  if (header === null) return "none";
  // Headers trim a value's leading and trailing whitespace.
  const presented = /^Bearer +(\S+) *$/i.exec(header.trim())?.[1];
  if (presented === ADMIN_TOKEN) return "admin";
  if (presented === fx.accessToken) return "access";
  return "invalid";
}

export const ODD_CONTENT_TYPES: readonly string[] = [
  "",
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-ndjson",
  "application/json; charset=utf-16",
  "application/json;;;",
  "APPLICATION/JSON",
  "application/jsonp",
  "application/json-seq",
  "application/vnd.api+json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----x",
  "application/octet-stream",
  "*/*",
  ";",
  "json",
  "application/json, text/plain",
  "image/png",
];

export function hugeHeader(rng: Rng, fx: Fixture): { header: [string, string]; label: string } {
  const size = rng.int(10 * KiB, 64 * KiB);
  const name = rng.pick([
    "x-fuzz",
    "cookie",
    "x-request-id",
    "user-agent",
    "referer",
    "origin",
    "accept",
    "idempotency-key",
    "x-signature",
    "last-event-id",
    "x-forwarded-for",
  ]);
  const value =
    name === "origin"
      ? `${fx.origin}${"a".repeat(size)}`
      : name === "last-event-id"
        ? "9".repeat(size)
        : rng.chance(0.5)
          ? "A".repeat(size)
          : rng.printable(size);
  return { header: [name, value], label: `huge ${name} (${size} B)` };
}

export function manyHeaders(rng: Rng): Array<[string, string]> {
  return Array.from({ length: rng.int(100, 400) }, (_, i) => [`x-h-${i}`, rng.printable(20)]);
}

/** Headers some routes read: odd values for each. */
export function oddRouteHeader(rng: Rng, route: RouteSpec, fx: Fixture): [string, string] {
  switch (route.name) {
    case "records.fetch":
      return ["last-event-id", rng.pick(["abc", "-1", "1.5", "", " ", "1e3", "9".repeat(40)])];
    case "webhooks.ingest":
      return rng.pick<[string, string]>([
        ["x-signature", rng.from(HEX, 64)],
        ["x-signature", `sha256=${rng.from(HEX, 64)}`],
        ["x-signature", "00"],
        ["x-signature", ""],
        ["x-hub-signature-256", `sha256=${rng.from(HEX, 64)}`],
        ["stripe-signature", `t=${rng.int(0, 2e9)},v1=${rng.from(HEX, 64)}`],
        ["idempotency-key", "x".repeat(rng.int(257, 5_000))],
        ["idempotency-key", rng.printable(rng.int(1, 64))],
        ["x-github-delivery", rng.printable(40)],
      ]);
    case "track.ingest":
    case "track.preflight":
      return [
        "origin",
        rng.pick([
          fx.origin,
          "null",
          "https://evil.example",
          `${fx.origin}/`,
          `${fx.origin}:443`,
          "HTTPS://SHOP.EXAMPLE",
          "*",
          "",
          `${fx.origin}.evil.example`,
        ]),
      ];
    default:
      return rng.pick<[string, string]>([
        ["x-request-id", rng.printable(rng.int(0, 200))],
        ["accept", rng.pick(["*/*", "text/html", "application/xml", "", "text/event-stream;q=0"])],
        ["x-http-method-override", "DELETE"],
        ["content-encoding", rng.pick(["gzip", "br", "deflate", "identity", "x-unknown"])],
        ["expect", "100-continue"],
        ["range", "bytes=0-1"],
        ["if-none-match", "*"],
      ]);
  }
}
