// The pure parts of auth: ACL matching, the quota bucket's arithmetic, and how long a gateway
// trusts what it learned of a token (a revoked token is refused everywhere within 5 s).
import { describe, expect, it } from "vitest";
import { permits } from "../../src/auth/acl.js";
import { TokenBucket } from "../../src/auth/token-bucket.js";
import { newToken, sha256Hex } from "../../src/auth/token-secret.js";
import type { StoredToken } from "../../src/auth/token-store.js";
import { TOKEN_CACHE_MS } from "../../src/protocol/limits.js";
import { Authenticator } from "../../src/service/auth.js";

describe("ACL", () => {
  const acl = [
    { resource: "topic:orders*", operations: ["produce" as const] },
    { resource: "group:billing", operations: ["consume" as const] },
  ];

  it("matches literal and prefix resources of the right kind only", () => {
    expect(permits(acl, "topic", "orders", "produce")).toBe(true);
    expect(permits(acl, "topic", "orders-eu", "produce")).toBe(true);
    expect(permits(acl, "topic", "order", "produce")).toBe(false);
    expect(permits(acl, "group", "orders", "produce")).toBe(false);
    expect(permits(acl, "group", "billing", "consume")).toBe(true);
    expect(permits(acl, "group", "billing-2", "consume")).toBe(false);
  });

  it("implies describe from any operation, and nothing else", () => {
    expect(permits(acl, "topic", "orders-eu", "describe")).toBe(true);
    expect(permits(acl, "topic", "orders-eu", "consume")).toBe(false);
    expect(permits(acl, "topic", "orders-eu", "admin")).toBe(false);
  });
});

describe("TokenBucket", () => {
  it("passes one second's worth, then waits for the debt to refill", () => {
    const bucket = new TokenBucket(1_000, 0);
    expect(bucket.waitMs(0)).toBe(0);
    bucket.take(1_500, 0); // 500 bytes of debt at 1,000 B/s
    expect(bucket.waitMs(0)).toBe(500);
    expect(bucket.waitMs(499)).toBe(1);
    expect(bucket.waitMs(501)).toBe(0);
    // Never more than one second's burst, however long it was idle.
    bucket.take(0, 100_000);
    bucket.take(1_000, 100_000);
    expect(bucket.waitMs(100_000)).toBe(1);
  });
});

describe("Authenticator", () => {
  it("refuses a token revoked in the catalog once its cache entry is TOKEN_CACHE_MS old", async () => {
    const { id, secret, token } = newToken();
    let stored: StoredToken | null = {
      id,
      name: "svc",
      secretHash: await sha256Hex(secret),
      acl: [],
      createdAt: 0,
    };
    let lookups = 0;
    const catalog = {
      getToken: async () => {
        lookups++;
        return { ok: true as const, token: stored };
      },
    };
    const auth = new Authenticator();
    const admin = "admin-token-0123456789";
    const header = `Bearer ${token}`;
    expect(await auth.authenticate(catalog, header, admin, 0)).toMatchObject({ kind: "token", id });
    stored = null; // revoked elsewhere
    expect(await auth.authenticate(catalog, header, admin, TOKEN_CACHE_MS - 1)).toMatchObject({
      id,
    });
    expect(lookups).toBe(1);
    await expect(auth.authenticate(catalog, header, admin, TOKEN_CACHE_MS)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(TOKEN_CACHE_MS).toBeLessThan(5_000);
    expect(await auth.authenticate(catalog, `Bearer ${admin}`, admin, 0)).toEqual({
      kind: "admin",
    });
  });
});
