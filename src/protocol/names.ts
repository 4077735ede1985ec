// Topic and group names: Kafka's rule, `[A-Za-z0-9._-]{1,249}` but not "." or ".." (DESIGN.md §4).
import { EdgelogError } from "./errors.js";
import { NAME_LENGTH_MAX } from "./limits.js";

const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * Kafka refuses "." and ".." too (Topic.validate); here they could never be addressed, as URL
 * normalisation turns `/v1/topics/..` into `/v1`. One rule for every name: topics, groups,
 * producers, instance ids, ACL resources.
 */
export function isValidName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= NAME_LENGTH_MAX &&
    NAME_PATTERN.test(name) &&
    name !== "." &&
    name !== ".."
  );
}

/** Throws INVALID_REQUEST unless `name` is a legal topic or group name. */
export function assertValidName(
  kind: "topic" | "group" | "subscription",
  name: unknown,
): asserts name is string {
  if (typeof name !== "string" || !isValidName(name)) {
    throw new EdgelogError(
      "INVALID_REQUEST",
      `${kind} name must match [A-Za-z0-9._-]{1,${NAME_LENGTH_MAX}} and not be "." or ".."`,
      // Echo a string (bounded), never a structure: it could be nested past what serialises.
      typeof name === "string"
        ? { [kind]: name.slice(0, NAME_LENGTH_MAX + 1) }
        : { [`${kind}Type`]: name === null ? "null" : Array.isArray(name) ? "array" : typeof name },
    );
  }
}
