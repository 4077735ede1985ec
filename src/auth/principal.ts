// Who a request acts as, and what that may do: the admin token may do everything; an access
// token what its ACL allows; with auth off (local development) everyone may do everything.
import { EdgelogError } from "../protocol/errors.js";
import type { AclEntry, Operation, Quotas } from "../protocol/token-request.js";
import { permits, permitsAny, type ResourceKind } from "./acl.js";

export type Principal =
  | { kind: "open" }
  | { kind: "admin" }
  | { kind: "token"; id: string; name: string; acl: AclEntry[]; quotas?: Quotas };

export function may(
  principal: Principal,
  kind: ResourceKind,
  name: string,
  operation: Operation,
): boolean {
  if (principal.kind !== "token") return true;
  return permits(principal.acl, kind, name, operation);
}

/** Throws FORBIDDEN unless `principal` may do `operation` to the resource. */
export function authorize(
  principal: Principal,
  kind: ResourceKind,
  name: string,
  operation: Operation,
): void {
  if (may(principal, kind, name, operation)) return;
  throw new EdgelogError("FORBIDDEN", `this token may not ${operation} ${kind} ${name}`, {
    operation,
    resource: `${kind}:${name}`,
  });
}

/** Throws FORBIDDEN unless `principal` may do `operation` to some resource of `kind`. */
export function authorizeAny(principal: Principal, kind: ResourceKind, operation: Operation) {
  if (principal.kind !== "token" || permitsAny(principal.acl, kind, operation)) return;
  throw new EdgelogError("FORBIDDEN", `this token may not ${operation} a single ${kind}`, {
    operation,
  });
}

/** Throws FORBIDDEN unless this is the admin token (tokens, fault injection). */
export function authorizeAdmin(principal: Principal): void {
  if (principal.kind !== "token") return;
  throw new EdgelogError("FORBIDDEN", "only the admin token may do this");
}
