// Authentication: `Authorization: Bearer <token>` → a Principal. The admin token comes from the
// EDGELOG_ADMIN_TOKEN secret; access tokens from the catalog, cached per isolate for at most
// TOKEN_CACHE_MS, so a revoked token is refused everywhere within 5 s (DESIGN.md §4).
import type { Principal } from "../auth/principal.js";
import { constantTimeEqual, parseToken, sha256Hex } from "../auth/token-secret.js";
import type { StoredToken } from "../auth/token-store.js";
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import { EdgelogError } from "../protocol/errors.js";
import { TOKEN_CACHE_ENTRIES_MAX, TOKEN_CACHE_MS } from "../protocol/limits.js";

interface CachedToken {
  token: StoredToken | null;
  fetchedAt: number;
}

function unauthorized(message: string): EdgelogError {
  return new EdgelogError("UNAUTHORIZED", message);
}

export class Authenticator {
  private readonly tokens = new Map<string, CachedToken>();
  private admin: { token: string; hash: Promise<string> } | null = null;

  /** The caller of a request with this Authorization header; UNAUTHORIZED if there is none. */
  async authenticate(
    catalog: Pick<CatalogRpc, "getToken">,
    authorization: string | null,
    adminToken: string,
    now: number,
  ): Promise<Principal> {
    const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1];
    if (presented === undefined) {
      throw unauthorized("send Authorization: Bearer <token>");
    }
    const presentedHash = await sha256Hex(presented);
    if (constantTimeEqual(presentedHash, await this.adminHash(adminToken)))
      return { kind: "admin" };
    const parsed = parseToken(presented);
    if (parsed === null) throw unauthorized("unknown or revoked token");
    const stored = await this.lookup(catalog, parsed.id, now);
    // The secret is compared even for an unknown id, so timing does not tell ids apart.
    const secretHash = await sha256Hex(parsed.secret);
    const expected = stored?.secretHash ?? "0".repeat(secretHash.length);
    if (!constantTimeEqual(secretHash, expected) || stored === null) {
      throw unauthorized("unknown or revoked token");
    }
    const principal: Principal = {
      kind: "token",
      id: stored.id,
      name: stored.name,
      acl: stored.acl,
    };
    if (stored.quotas !== undefined) principal.quotas = stored.quotas;
    return principal;
  }

  /** Drops what this isolate knew of a token: revoked here, it is refused here at once. */
  forget(id: string): void {
    this.tokens.delete(id);
  }

  private adminHash(adminToken: string): Promise<string> {
    if (this.admin?.token !== adminToken) {
      this.admin = { token: adminToken, hash: sha256Hex(adminToken) };
    }
    return this.admin.hash;
  }

  /** The token with this id, from the cache while it is fresh, else from the catalog. */
  private async lookup(
    catalog: Pick<CatalogRpc, "getToken">,
    id: string,
    now: number,
  ): Promise<StoredToken | null> {
    const cached = this.tokens.get(id);
    if (cached !== undefined && now - cached.fetchedAt < TOKEN_CACHE_MS) return cached.token;
    const { token } = await catalog.getToken(id);
    this.tokens.delete(id);
    if (this.tokens.size >= TOKEN_CACHE_ENTRIES_MAX) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    this.tokens.set(id, { token, fetchedAt: now });
    return token;
  }
}
