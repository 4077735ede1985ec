// Access control lists: which operations a token's entries allow on a topic, a group or the
// cluster. Kafka's rules: an entry names a resource literally or by prefix (the cluster is one
// resource, `cluster`); describing is implied by every other operation on the same resource.
import type { AclEntry, Operation } from "../protocol/token-request.js";

export type ResourceKind = "topic" | "group" | "cluster";

/** True when `pattern` (after its `topic:`/`group:`) covers `name`. */
function covers(pattern: string, name: string): boolean {
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

export function permits(
  acl: readonly AclEntry[],
  kind: ResourceKind,
  name: string,
  operation: Operation,
): boolean {
  const prefix = `${kind}:`;
  for (const entry of acl) {
    if (kind === "cluster") {
      if (entry.resource !== "cluster") continue;
    } else if (!entry.resource.startsWith(prefix)) continue;
    else if (!covers(entry.resource.slice(prefix.length), name)) continue;
    if (entry.operations.includes(operation)) return true;
    if (operation === "describe" && entry.operations.length > 0) return true;
  }
  return false;
}

/** True when some entry allows `operation` on some resource of `kind`. */
export function permitsAny(acl: readonly AclEntry[], kind: ResourceKind, operation: Operation) {
  return acl.some((e) => e.resource.startsWith(`${kind}:`) && e.operations.includes(operation));
}
