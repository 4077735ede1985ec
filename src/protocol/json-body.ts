// Parsing JSON request bodies: syntax errors, hostile nesting, and numbers or strings that would
// not come back as sent become INVALID_REQUEST.
import { EdgelogError } from "./errors.js";
import { flawError, hasFlaw, type JsonPath, locateFlaw, mayBeUnfaithful } from "./json-fidelity.js";
import { JSON_CHECK_DEPTH_MAX, JSON_DEPTH_MAX } from "./limits.js";

/**
 * JSON.parse that answers INVALID_REQUEST instead of throwing a SyntaxError, and refuses what
 * would not come back as sent (json-fidelity.ts): every JSON body goes through here. `root` is
 * the body's place in the request, for error paths (an NDJSON line is `records[i]`).
 */
export function parseJson(text: string, what = "request body", root: JsonPath = []): unknown {
  const value = parseJsonSyntax(text, what);
  if (mayBeUnfaithful(text)) assertFaithfulJson(text, value, what, root);
  return value;
}

/** JSON.parse alone, for callers that run the fidelity check themselves (once per body). */
export function parseJsonSyntax(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof SyntaxError ? err.message : "unparseable";
    throw new EdgelogError("INVALID_REQUEST", `${what} is not valid JSON: ${reason}`);
  }
}

/**
 * Throws INVALID_REQUEST naming the first number or string of `text` (parsed into `value`) that
 * would not come back as sent. For text `mayBeUnfaithful` flagged: the others need no check.
 */
export function assertFaithfulJson(
  text: string,
  value: unknown,
  what: string,
  root: JsonPath = [],
): void {
  if (!hasFlaw(text, value)) return;
  // Finding the flaw's path re-parses with a reviver, which V8 runs recursively.
  if (exceedsDepth(value, JSON_CHECK_DEPTH_MAX)) {
    throw new EdgelogError(
      "INVALID_REQUEST",
      `JSON nests deeper than ${JSON_CHECK_DEPTH_MAX} levels`,
      { depthMax: JSON_CHECK_DEPTH_MAX },
    );
  }
  const flaw = locateFlaw(text);
  if (flaw !== null) throw flawError(flaw, what, root);
}

/**
 * Deepest nesting of arrays and objects in `root`, counting `root` itself as 1 when it is a
 * container. Iterative, so hostile input cannot overflow the stack; stops as soon as `limit` is
 * passed. `skip(parent, key)` excludes a subtree (record values are checked with their own limit).
 */
export function exceedsDepth(
  root: unknown,
  limit: number,
  skip?: (parent: object, key: string) => boolean,
): boolean {
  if (root === null || typeof root !== "object") return false;
  // Two parallel stacks of containers only: no tuple per node, no push for a scalar (most of a
  // record value's nodes), since this walks every record value of every produce.
  const nodes: object[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const depth = depths.pop() as number;
    if (depth > limit) return true;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (child !== null && typeof child === "object") {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      // Object.keys, not for-in: for-in is several times slower in workerd on parsed JSON.
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const child = (node as Record<string, unknown>)[key];
        if (child === null || typeof child !== "object" || skip?.(node, key)) continue;
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** Throws INVALID_REQUEST when the envelope (outside record values) nests past JSON_DEPTH_MAX. */
export function assertEnvelopeDepth(
  root: unknown,
  skip?: (parent: object, key: string) => boolean,
): void {
  if (exceedsDepth(root, JSON_DEPTH_MAX, skip)) {
    throw new EdgelogError("INVALID_REQUEST", `JSON nests deeper than ${JSON_DEPTH_MAX} levels`, {
      depthMax: JSON_DEPTH_MAX,
    });
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Integers a JSON client can send exactly: 0 ≤ n ≤ 2^53 − 1. */
export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
