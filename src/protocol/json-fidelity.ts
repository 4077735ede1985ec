// Whether parsed JSON is what was sent: a value must come back exactly as produced (DESIGN.md §4),
// so numbers a double cannot hold and strings that have no UTF-8 form are refused, not altered.
//
// JSON.parse turns 1e400 into Infinity (which serialises as null: a tombstone), 1e-400 into 0 and
// 12345678901234567890 into 12345678901234567000; and it turns the escape "\ud800" into a lone
// surrogate, which UTF-8 encoding replaces with U+FFFD (the partitioner's view) while the stored
// JSON keeps the escape (compaction's view). Numerically equal spellings (1.0, 1e2, -0) are fine.
import { EdgelogError } from "./errors.js";
import { ECHOED_INPUT_CHARS_MAX } from "./limits.js";

export type JsonPath = Array<string | number>;

/**
 * A number token with 16 or more digits or with an exponent: only these can fail to round-trip
 * (a decimal of at most 15 significant digits, written without an exponent, always does; one
 * out of a double's range without an exponent has hundreds of digits). A number follows `:`,
 * `,`, `[` or starts the text. One pattern for the three lead characters scans the text once:
 * twice as fast on keyed records as one pattern per character (three scans), measured in V8;
 * the start of the text has its own anchored pattern, which tries one position only.
 */
const SUSPECT_NUMBERS = ["[:,[]", "^"].map(
  (lead) => new RegExp(`${lead}\\s*-?\\d(?:[\\d.]{15}|[\\d.]*[eE])`),
);

/** A `\u` escape of a UTF-16 surrogate (D800–DFFF): the only way JSON text holds a lone one. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Cheap and conservative: false means every number and string in `text` parses faithfully.
 * Raw lone surrogates cannot occur in text decoded from UTF-8 (the decoder replaces them).
 */
export function mayBeUnfaithful(text: string): boolean {
  // includes() is a native literal search, far cheaper than the pattern; most bodies lack `\u`.
  if (text.includes("\\u") && SURROGATE_ESCAPE.test(text)) return true;
  for (const pattern of SUSPECT_NUMBERS) if (pattern.test(text)) return true;
  return false;
}

/**
 * An exact check where `mayBeUnfaithful(text)` said so, cheap when nothing is wrong: the suspect
 * number tokens are re-read one by one, and the strings walked only when a surrogate escape
 * is present. False only if every number and string of `value` (parsed from `text`) is faithful;
 * true may be a false alarm (a number-like run inside a string): `locateFlaw` decides.
 */
export function hasFlaw(text: string, value: unknown): boolean {
  if (SURROGATE_ESCAPE.test(text) && hasIllFormedString(value)) return true;
  SUSPECT_TOKEN.lastIndex = 0;
  for (let match = SUSPECT_TOKEN.exec(text); match !== null; match = SUSPECT_TOKEN.exec(text)) {
    const token = match[1] as string;
    const number = Number(token);
    const written = String(number);
    // Most senders already write the shortest form (JSON.stringify does): equal text, no work.
    if (written !== token && (!Number.isFinite(number) || !sameDecimal(token, written)))
      return true;
  }
  return false;
}

/** Every suspect token (see SUSPECT_NUMBERS), whole: its prefix, then the rest of its characters. */
const SUSPECT_TOKEN = /(?:^|[:,[])\s*(-?\d(?:[\d.]{15}|[\d.]*[eE])[\d.eE+-]*)/g;

function hasIllFormedString(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === "string") {
      if (!node.isWellFormed()) return true;
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push(node[i]);
    } else if (node !== null && typeof node === "object") {
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (!key.isWellFormed()) return true;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** What is wrong with one JSON value or property name; the reviver puts it in the value's place. */
class Flaw {
  constructor(readonly reason: string) {}
}

export interface FoundFlaw {
  path: JsonPath;
  reason: string;
}

/**
 * The first unfaithful number or string in `text` (valid JSON) and its path, or null. It parses
 * again with a reviver reading each number's source text, so it runs only once `hasFlaw` says
 * so, and only on text nesting at most JSON_CHECK_DEPTH_MAX levels: V8 runs a reviver
 * recursively.
 */
export function locateFlaw(text: string): FoundFlaw | null {
  let flawed = false;
  const checked: unknown = JSON.parse(text, (key, value, context?: { source?: string }) => {
    const reason = flawOf(key, value, context?.source);
    if (reason === null) return value;
    flawed = true;
    return new Flaw(reason);
  });
  return flawed ? locate(checked) : null;
}

/** INVALID_REQUEST naming the flaw at its path below `root` (where the text sits in the request). */
export function flawError(flaw: FoundFlaw, what: string, root: JsonPath): EdgelogError {
  const steps = [...root, ...flaw.path];
  const path = formatPath(steps);
  const details: Record<string, unknown> = { path };
  // A produce body's records are named by index, as every other record error names them.
  if (steps[0] === "records" && typeof steps[1] === "number") details.index = steps[1];
  return new EdgelogError(
    "INVALID_REQUEST",
    `${what}${path === "" ? "" : ` at ${path}`}: ${flaw.reason}`,
    details,
  );
}

function flawOf(key: string, value: unknown, source: string | undefined): string | null {
  if (!key.isWellFormed()) return "a property name holds a lone UTF-16 surrogate (no UTF-8 form)";
  if (typeof value === "string" && !value.isWellFormed()) {
    return "a string holds a lone UTF-16 surrogate (no UTF-8 form)";
  }
  if (typeof value === "number") return numberFlaw(value, source);
  return null;
}

const BIG_NUMBER_HINT = "send numbers a double cannot hold exactly as strings";

function numberFlaw(value: number, source: string | undefined): string | null {
  const shown =
    source === undefined
      ? String(value)
      : source.length > ECHOED_INPUT_CHARS_MAX
        ? `${source.slice(0, ECHOED_INPUT_CHARS_MAX)}…`
        : source;
  if (!Number.isFinite(value)) {
    return `the number ${shown} is beyond a double's range (±1.8e308); ${BIG_NUMBER_HINT}`;
  }
  // Without the token (a runtime lacking JSON.parse source access) only the range is checkable.
  if (source === undefined || sameDecimal(source, String(value))) return null;
  return `the number ${shown} would come back as ${value} (a double holds about 16 significant digits, magnitudes from 5e-324); ${BIG_NUMBER_HINT}`;
}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/;

/** Whether two JSON/JavaScript number spellings denote the same decimal value. */
export function sameDecimal(a: string, b: string): boolean {
  const x = decimalOf(a);
  const y = decimalOf(b);
  return (
    x !== null &&
    y !== null &&
    x.negative === y.negative &&
    x.digits === y.digits &&
    x.exponent === y.exponent
  );
}

/** `digits × 10^exponent`, digits without leading or trailing zeros; zero has no sign. */
function decimalOf(text: string): { negative: boolean; digits: string; exponent: number } | null {
  const match = NUMBER.exec(text);
  if (match === null) return null;
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  let digits = `${whole}${fraction}`.replace(/^0+/, "");
  if (digits === "") return { negative: false, digits: "", exponent: 0 };
  const trimmed = digits.replace(/0+$/, "");
  const shift = digits.length - trimmed.length;
  digits = trimmed;
  return { negative: sign === "-", digits, exponent: Number(exponent) - fraction.length + shift };
}

/** The first flaw in document order, found without recursion (values nest deeply). */
function locate(root: unknown): FoundFlaw | null {
  const stack: Array<[unknown, JsonPath]> = [[root, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, JsonPath];
    if (node instanceof Flaw) return { path, reason: node.reason };
    if (node === null || typeof node !== "object") continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((child, i) => [i, child])
      : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string | number, unknown];
      stack.push([child, [...path, key]]);
    }
  }
  return null;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `records[3].value.b[0]`; names that are not identifiers in JSON string form. */
export function formatPath(path: JsonPath): string {
  let text = "";
  for (const step of path) {
    if (typeof step === "number") text += `[${step}]`;
    else if (IDENTIFIER.test(step)) text += text === "" ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}
