// Query strings for the fuzz requests: good parameters, malformed ones, repeated ones and junk.
import { BAD_INTEGERS } from "./paths.js";
import { BASE64URL, type Rng } from "./random.js";
import { type Fixture, KiB } from "./request.js";

export function fetchQuery(rng: Rng, _fx: Fixture, malformed: boolean): string {
  const good: Record<string, () => string> = {
    offset: () => rng.pick(["0", "1", "3", "5"]),
    maxRecords: () => String(rng.int(1, 10_000)),
    maxBytes: () => String(rng.int(1, 8 * 1024 * KiB)),
    waitMs: () => "0",
    replica: () => rng.pick(["leader", "0", "nearest"]),
  };
  const bad: Record<string, () => string> = {
    offset: () => rng.pick([...BAD_INTEGERS, "9007199254740991", "1000000"]),
    maxRecords: () => rng.pick([...BAD_INTEGERS, "0", "10001"]),
    maxBytes: () => rng.pick([...BAD_INTEGERS, "0", String(8 * 1024 * KiB + 1)]),
    waitMs: () => rng.pick([...BAD_INTEGERS, "30001", "86400000"]),
    replica: () => rng.pick([...BAD_INTEGERS, "5", "leader2", "NEAREST", "follower", "4.0"]),
  };
  return buildQuery(rng, good, bad, malformed);
}

export function offsetsQuery(rng: Rng, _fx: Fixture, malformed: boolean): string {
  const good: Record<string, () => string> = {
    timestamp: () => String(rng.int(0, 2e12)),
    replica: () => rng.pick(["leader", "0", "nearest"]),
  };
  const bad: Record<string, () => string> = {
    timestamp: () => rng.pick([...BAD_INTEGERS, "2024-01-01", "now"]),
    replica: () => rng.pick([...BAD_INTEGERS, "5", "leader2"]),
  };
  return buildQuery(rng, good, bad, malformed);
}

export function ndjsonQuery(rng: Rng, _fx: Fixture, malformed: boolean): string {
  const good: Record<string, () => string> = { acks: () => rng.pick(["0", "1", "all"]) };
  const bad: Record<string, () => string> = {
    acks: () => rng.pick(["2", "-1", "ALL", "", "none", "1.0", "%00"]),
    producerId: () => rng.pick(["", "p", "%00", "x".repeat(5_000)]),
    producerEpoch: () => rng.pick(BAD_INTEGERS),
    sequence: () => rng.pick(BAD_INTEGERS),
  };
  return buildQuery(rng, good, bad, malformed);
}

export function trackQuery(rng: Rng, fx: Fixture, _malformed: boolean): string {
  const key = rng.pick([
    fx.trackKey,
    fx.trackKey,
    "",
    "pk_",
    `pk_${rng.from(BASE64URL, 24)}`,
    fx.trackKey.toUpperCase(),
    `${fx.trackKey}x`,
    "x".repeat(20_000),
    "%00",
    encodeURIComponent(fx.trackKey),
  ]);
  return rng.chance(0.15) ? "" : `?key=${key}`;
}

function buildQuery(
  rng: Rng,
  good: Record<string, () => string>,
  bad: Record<string, () => string>,
  malformed: boolean,
): string {
  const parts: string[] = [];
  for (const [name, make] of Object.entries(good))
    if (rng.chance(0.4)) parts.push(`${name}=${make()}`);
  if (malformed) {
    const names = Object.keys(bad);
    const count = rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const name = rng.pick(names);
      const value = (bad[name] as () => string)();
      parts.push(`${name}=${value}`);
      // Sometimes the same parameter twice, good then bad or bad then good.
      if (good[name] !== undefined && rng.chance(0.2)) {
        parts.push(`${name}=${(good[name] as () => string)()}`);
      }
    }
    if (rng.chance(0.2)) parts.push(junkQueryPart(rng));
  }
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

export function junkQueryPart(rng: Rng): string {
  return rng.pick([
    "",
    "&&&",
    "=",
    "==",
    "%zz=1",
    "a=%",
    "x[y]=1",
    "__proto__[admin]=1",
    "constructor[prototype][admin]=1",
    `q=${"a".repeat(rng.int(10_000, 50_000))}`,
    `${"k".repeat(5_000)}=v`,
    "a=1;b=2",
    "%00=%00",
    "🔥=🔥",
  ]);
}
