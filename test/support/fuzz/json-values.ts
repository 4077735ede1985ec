// Malformed JSON values (wrong types, numbers JSON cannot hold, deep nesting) and their splicing
// into a template body at any field.
import { isPlainObject } from "../../../src/protocol/json-body.js";
import type { Rng } from "./random.js";

/** A JSON value spliced into a body as raw text (numbers JSON.stringify cannot write, nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function deepArray(depth: number, closed = true): string {
  return `${"[".repeat(depth)}${closed ? "]".repeat(depth) : ""}`;
}

function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

function deepMixed(depth: number): string {
  return `${'[{"a":'.repeat(depth)}0${"}]".repeat(depth)}`;
}

export function deepJson(rng: Rng): { text: string; label: string } {
  const depth = rng.pick([1_000, 10_000, rng.int(10_000, 100_000), 100_000]);
  switch (rng.int(0, 3)) {
    case 0:
      return { text: deepArray(depth), label: `${depth} nested arrays` };
    case 1:
      return { text: deepArray(depth, false), label: `${depth} unclosed [` };
    case 2:
      return { text: deepObject(depth), label: `${depth} nested objects` };
    default:
      return { text: deepMixed(depth), label: `${depth} nested [{` };
  }
}

/** Values of the wrong type, out of range, or hostile, for any field. */
export function wrongValue(rng: Rng): { value: unknown; label: string } {
  const roll = rng.int(0, 9);
  if (roll === 0) {
    const { text, label } = deepJson(rng);
    return { value: new RawJson(text), label };
  }
  if (roll === 1) {
    const raw = rng.pick([
      "1e400",
      "-1e400",
      "1e-400",
      "123456789012345678901234567890",
      "9007199254740993",
      "-9007199254740993",
      "-0",
      "0.1e1",
      "1E2",
      "-0.0",
    ]);
    return { value: new RawJson(raw), label: raw };
  }
  const values: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    -0.5,
    1.5,
    2 ** 53,
    2 ** 64,
    -(2 ** 53),
    Number.MAX_VALUE,
    "",
    " ",
    "0",
    "1",
    "-1",
    "NaN",
    "Infinity",
    "null",
    "true",
    "all",
    "🔥",
    "\u0000",
    "\ud800",
    "../../etc/passwd",
    "a".repeat(300),
    "b".repeat(rng.int(10_000, 100_000)),
    [],
    [null],
    [1, 2, 3],
    ["a"],
    [[[]]],
    {},
    { a: 1 },
    { $ne: null },
    { __proto__: null },
  ];
  const value = rng.pick(values);
  const label =
    typeof value === "string" && value.length > 40 ? `"…"(${value.length})` : json(value);
  return { value, label };
}

export function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** JSON text of `value`, with every RawJson spliced in as its text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `@@RAW${raws.length - 1}@@`;
    }
    return v;
  });
  return raws.reduce((out, raw, i) => out.replace(`"@@RAW${i}@@"`, () => raw), text ?? "");
}

type Path = Array<string | number>;

/** Every position in a template that can be replaced (not the root). */
export function slotsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...path, i]);
      slotsOf(v, [...path, i], out);
    });
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...path, k]);
      slotsOf(v, [...path, k], out);
    }
  }
  return out;
}

export function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}
