// Path segments for the fuzz requests: seeded names, unknown ones, traversal and odd encodings.
import { BASE64URL, HEX, NAME_CHARS, type Rng } from "./random.js";
import type { Fixture } from "./request.js";

/** Odd path segments: traversal, encodings, control characters, reserved and hostile names. */
const ODD_SEGMENTS: readonly string[] = [
  "",
  ".",
  "..",
  "...",
  "%2e",
  "%2e%2e",
  "%2E%2E",
  ".%2e",
  "%2e.",
  "..%2f",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%5c..%5c..%5cboot.ini",
  "%252e%252e",
  "%252F",
  "%c0%ae%c0%ae",
  "%2F",
  "a%2Fb",
  "a/b",
  "%00",
  "a%00b",
  "%00..",
  "%",
  "%zz",
  "%e2%82",
  "%ff%fe",
  " ",
  "%20",
  "+",
  "a b",
  "a;b",
  "a;jsessionid=1",
  "a?b=c",
  "a#frag",
  "*",
  "topic:*",
  "%2A",
  "~",
  "$",
  "@",
  "!",
  "тема",
  "%D1%82%D0%B5%D0%BC%D0%B0",
  "🔥",
  "%F0%9F%94%A5",
  "\u202e",
  "%E2%80%AE",
  "%EF%BB%BF",
  "CON",
  "NUL",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "$%7Bjndi:ldap://x/a%7D",
  "'; DROP TABLE topics; --",
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "{{7*7}}",
  "%0d%0aSet-Cookie:%20x=1",
  "%0a",
  "\t",
];

export function oddSegment(rng: Rng): string {
  switch (rng.int(0, 6)) {
    case 0:
      return rng.from(NAME_CHARS, rng.int(250, 300));
    case 1:
      return rng.from(NAME_CHARS, rng.int(1_000, 20_000));
    case 2:
      return [...rng.bytes(rng.int(1, 12))]
        .map((b) => `%${b.toString(16).padStart(2, "0")}`)
        .join("");
    case 3:
      return encodeURIComponent(
        String.fromCodePoint(...Array.from({ length: rng.int(1, 6) }, () => rng.int(0x80, 0xd7ff))),
      );
    default:
      return rng.pick(ODD_SEGMENTS);
  }
}

/** A topic or group path segment: the seeded one, an unknown valid one, traversal, or odd. */
export function nameSegment(rng: Rng, seeded: string, fx: Fixture): string {
  const roll = rng.next();
  if (roll < 0.4) return seeded;
  if (roll < 0.5) return `${fx.prefix}-nx${rng.int(0, 1e6)}`;
  if (roll < 0.58) {
    return rng.pick([
      `x/../${seeded}`,
      `%2e%2e/${seeded}`,
      `..%2F${seeded}`,
      `${seeded}%00`,
      `${seeded}%2F..`,
      `${seeded}/`,
      `${seeded}..`,
      `${seeded.toUpperCase()}`,
      `%${seeded.charCodeAt(0).toString(16)}${seeded.slice(1)}`,
      `${seeded}%20`,
      ` ${seeded}`,
    ]);
  }
  return oddSegment(rng);
}

export const BAD_INTEGERS: readonly string[] = [
  "-1",
  "-0",
  "abc",
  "",
  "1.5",
  "1e3",
  "0x10",
  " 1",
  "1 ",
  "+1",
  "NaN",
  "Infinity",
  "-Infinity",
  "99999999999999999",
  "9007199254740992",
  "9".repeat(400),
  "%00",
  "%ff",
  "[]",
  "{}",
  "true",
  "null",
  "١",
  "１",
  "1,2",
  "0b1",
  "1_000",
];

function partitionSegment(rng: Rng): string {
  if (rng.chance(0.45)) return rng.pick(["0", "1"]);
  return rng.pick([...BAD_INTEGERS, "2", "3", "255", "256", "01", "00", "%31", "..", "%2e%2e"]);
}

function memberSegment(rng: Rng): string {
  if (rng.chance(0.4)) {
    const h = (n: number) => rng.from(HEX, n);
    return `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`;
  }
  if (rng.chance(0.3)) return rng.pick(["x".repeat(65), "a_b", "..", "%00", "%2F", "🔥", "", "-"]);
  return oddSegment(rng);
}

export function tokenIdSegment(rng: Rng, fx: Fixture): string {
  const roll = rng.next();
  if (roll < 0.25) return fx.tokenId;
  if (roll < 0.55) return rng.from(BASE64URL, rng.pick([11, 12, 12, 12, 13, 43]));
  if (roll < 0.65) return `elg_${rng.from(BASE64URL, 12)}_${rng.from(BASE64URL, 43)}`;
  return oddSegment(rng);
}

/** Path generators for a route under a topic, a group, a partition, or a group member. */
export const topicPath =
  (suffix = "") =>
  (rng: Rng, fx: Fixture) =>
    `/v1/topics/${nameSegment(rng, fx.topic, fx)}${suffix}`;
export const groupPath =
  (suffix = "") =>
  (rng: Rng, fx: Fixture) =>
    `/v1/groups/${nameSegment(rng, fx.group, fx)}${suffix}`;
export const partitionPath =
  (suffix = "") =>
  (rng: Rng, fx: Fixture) =>
    `/v1/topics/${nameSegment(rng, fx.topic, fx)}/partitions/${partitionSegment(rng)}${suffix}`;
export const memberPath =
  (suffix = "") =>
  (rng: Rng, fx: Fixture) =>
    `/v1/groups/${nameSegment(rng, fx.group, fx)}/members/${memberSegment(rng)}${suffix}`;
