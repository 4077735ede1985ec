// Malformed bodies for the fuzz requests: random bytes, invalid UTF-8, truncated, garbled and
// deeply nested JSON, wrong values in fields, huge arrays, and oversized bodies.
import { isPlainObject } from "../../../src/protocol/json-body.js";
import { REQUEST_BYTES_MAX } from "../../../src/protocol/limits.js";
import {
  deepArray,
  deepJson,
  json,
  RawJson,
  setAt,
  slotsOf,
  toJsonText,
  wrongValue,
} from "./json-values.js";
import type { Rng } from "./random.js";
import { type BodySpec, type Fixture, KiB, type OversizedSources } from "./request.js";
import type { RouteSpec } from "./routes.js";

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
];

const GARBAGE_JSON: readonly string[] = [
  "{",
  "}",
  "[",
  "{]",
  "{'a': 1}",
  '{"a": 1,}',
  '{"a": NaN}',
  '{"a": Infinity}',
  '{"a": undefined}',
  "{a: 1}",
  '{"a": 1} {"b": 2}',
  '{"a": 1}}',
  '{"a": /* c */ 1}',
  '{"a": 0x10}',
  '{"a": 01}',
  '{"a": .5}',
  '{"a": "\\x41"}',
  '{"a": "\u0001"}',
  '"\\ud800"',
  "\u0000",
  "\ufeff",
  "\ufeff{}",
  "nul",
  "tru",
  "--1",
  "1e",
  "<xml/>",
  "a=b&c=d",
];

function templateText(rng: Rng, route: RouteSpec, fx: Fixture): string {
  const template = route.template?.(rng, fx) ?? { a: 1 };
  if (route.ndjson && Array.isArray(template)) {
    return template.map((r) => JSON.stringify(r)).join("\n");
  }
  return JSON.stringify(template);
}

export function malformedBody(
  rng: Rng,
  route: RouteSpec,
  fx: Fixture,
): { body: BodySpec; label: string } {
  const bytes = (b: Uint8Array, label: string) => ({
    body: { kind: "bytes" as const, bytes: b, stream: rng.chance(0.06) },
    label,
  });
  const template = route.template?.(rng, fx);
  // Weighted: wrong values (deep nesting among them) in fields get the most requests.
  const roll = rng.int(0, 99);
  const which = roll < 55 ? [0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13][roll % 11] : roll < 75 ? 5 : 6;
  switch (which) {
    case 0: {
      const n = rng.pick([0, rng.int(1, 64), rng.int(65, 4_096), rng.int(4_097, 128 * KiB)]);
      return bytes(rng.bytes(n), `random bytes (${n} B)`);
    }
    case 1: {
      const text = templateText(rng, route, fx);
      const at = rng.int(0, text.length);
      const bad = Uint8Array.from(rng.pick(INVALID_UTF8));
      return bytes(
        concatBytes(utf8(text.slice(0, at)), bad, utf8(text.slice(at))),
        `invalid UTF-8 ${[...bad].map((b) => b.toString(16))} at ${at}`,
      );
    }
    case 2: {
      const text = templateText(rng, route, fx);
      const at = rng.int(0, Math.max(0, text.length - 1));
      return bytes(utf8(text.slice(0, at)), `truncated JSON (${at} of ${text.length} chars)`);
    }
    case 3: {
      let text = templateText(rng, route, fx);
      const edits = rng.int(1, 8);
      for (let i = 0; i < edits; i++) {
        const at = rng.int(0, text.length);
        const junk = rng.pick(['"', "{", "}", "[", "]", ",", ":", "\\", "\u0000", "x", "-", "9"]);
        text = rng.chance(0.5)
          ? `${text.slice(0, at)}${junk}${text.slice(at)}`
          : `${text.slice(0, at)}${junk}${text.slice(at + 1)}`;
      }
      return bytes(utf8(text), `garbled JSON (${edits} edits)`);
    }
    case 4: {
      const { text, label } = deepJson(rng);
      return bytes(utf8(text), `deep JSON body: ${label}`);
    }
    case 5:
    case 6: {
      if (template === undefined) return bytes(utf8(rng.pick(GARBAGE_JSON)), "garbage JSON");
      const slots = slotsOf(template);
      if (slots.length === 0) return bytes(utf8("{"), "garbage JSON");
      // Top-level fields more often than nested ones.
      const top = slots.filter((p) => p.length === 1);
      const slot = rng.pick(rng.chance(0.6) && top.length > 0 ? top : slots);
      const deep = which === 6 ? deepJson(rng) : null;
      const { value, label } =
        deep === null ? wrongValue(rng) : { value: new RawJson(deep.text), label: deep.label };
      const text = toJsonText(setAt(template, slot, value));
      const body = route.ndjson && Array.isArray(template) ? ndjsonOf(text) : text;
      return bytes(utf8(body), `wrong value at ${slot.join(".")}: ${label}`);
    }
    case 8: {
      if (!isPlainObject(template)) return bytes(utf8(rng.pick(GARBAGE_JSON)), "garbage JSON");
      const key = rng.pick([
        "__proto__",
        "constructor",
        "prototype",
        "",
        " ",
        "NAME",
        "x".repeat(10_000),
        "🔥",
        "\u0000",
      ]);
      const text = JSON.stringify(template);
      const extra = `${JSON.stringify(key)}:${rng.pick(['{"admin":true}', "1", "null", "[]"])}`;
      return bytes(utf8(`{${extra},${text.slice(1)}`), `extra field ${json(key).slice(0, 20)}`);
    }
    case 9: {
      const text = rng.pick([
        "",
        " ",
        "\n",
        "null",
        "[]",
        "{}",
        "0",
        '""',
        "true",
        "[null]",
        "[{}]",
        '{"":""}',
      ]);
      return bytes(utf8(text), `empty-ish ${json(text)}`);
    }
    case 10: {
      const text = rng.pick(GARBAGE_JSON);
      return bytes(utf8(text), `garbage JSON ${json(text)}`);
    }
    case 11: {
      // Too many entries: duplicated keys (the last wins), or one huge array.
      if (!isPlainObject(template)) return bytes(utf8("[".repeat(64)), "64 unclosed [");
      const key = rng.pick(Object.keys(template));
      const text = JSON.stringify(template);
      const dup = `{${text.slice(1, -1)},${JSON.stringify(key)}:${rng.pick(['"x"', "-1", "{}", "[]"])}}`;
      return bytes(utf8(dup), `duplicate key ${key}`);
    }
    case 12: {
      const count = rng.pick([257, 1_001, 10_001, 20_000]);
      const entry = rng.pick(['{"value":1}', `"${fx.topic}"`, "0", '{"resource":"topic:*"}']);
      const list = `[${Array.from({ length: count }, () => entry).join(",")}]`;
      const key = isPlainObject(template) ? rng.pick(Object.keys(template)) : "records";
      return bytes(utf8(`{${JSON.stringify(key)}:${list}}`), `${count}-entry array in ${key}`);
    }
    default: {
      const size = REQUEST_BYTES_MAX + rng.pick([1, rng.int(2, 64 * KiB)]);
      const content = rng.pick(["json", "bytes", "brackets"] as const);
      const stream = rng.chance(0.5);
      return {
        body: { kind: "oversized", size, content, stream },
        label: `oversized ${content} (${size} B${stream ? ", streamed without a length" : ""})`,
      };
    }
  }
}

function ndjsonOf(arrayText: string): string {
  try {
    const parsed = JSON.parse(arrayText) as unknown;
    if (Array.isArray(parsed)) return parsed.map((r) => JSON.stringify(r)).join("\n");
  } catch {
    // Raw text (deep nesting, huge numbers): one line.
  }
  return arrayText.slice(1, -1).replace(/},{/g, "}\n{");
}

/** Webhook deliveries: arbitrary bytes; the seeded topic verifies an HMAC the fuzz never has. */
export function webhookBody(rng: Rng): { body: BodySpec; label: string } {
  if (rng.chance(0.1)) {
    const size = REQUEST_BYTES_MAX + rng.int(1, 64 * KiB);
    const stream = rng.chance(0.5);
    return {
      body: { kind: "oversized", size, content: "bytes", stream },
      label: `oversized bytes (${size} B${stream ? ", streamed" : ""})`,
    };
  }
  const choices: Array<() => [Uint8Array, string]> = [
    () => {
      const n = rng.int(0, 8_192);
      return [rng.bytes(n), `random bytes (${n} B)`];
    },
    () => {
      const { text, label } = deepJson(rng);
      return [utf8(text), `deep JSON: ${label}`];
    },
    () => [utf8(rng.pick(GARBAGE_JSON)), "garbage JSON"],
    () => [utf8(`{"id": ${deepArray(5_000)}}`), "deep id"],
    () => [Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), "invalid UTF-8"],
  ];
  const [bytes, label] = rng.pick(choices)();
  return { body: { kind: "bytes", bytes, stream: rng.chance(0.15) }, label };
}

/** Shared bytes the oversized bodies are cut from (each request gets its own copy). */
export function oversizedSources(rng: Rng): OversizedSources {
  const size = REQUEST_BYTES_MAX + 64 * KiB + 16;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4) {
    const word = Math.floor(rng.next() * 2 ** 32);
    bytes[i] = word & 0xff;
    bytes[i + 1] = (word >>> 8) & 0xff;
    bytes[i + 2] = (word >>> 16) & 0xff;
    bytes[i + 3] = word >>> 24;
  }
  // Invalid as a write even if it were read: an unknown field comes first.
  const json = new Uint8Array(size).fill(0x78);
  json.set(utf8('{"fuzz":true,"records":[{"value":"'));
  const brackets = new Uint8Array(size).fill(0x5b);
  return { json, bytes, brackets };
}
