// Access-token management (DESIGN.md §4, /v1/tokens): a new token's secret is shown once and
// stored only as its SHA-256; listings never carry secrets or their hashes.
import { newToken, sha256Hex } from "../auth/token-secret.js";
import type { StoredToken } from "../auth/token-store.js";
import { unwrap } from "../protocol/errors.js";
import type { CreateTokenRequest, TokenSummary } from "../protocol/token-request.js";
import type { Cluster } from "./cluster.js";

function summaryOf(token: StoredToken): TokenSummary {
  const { secretHash: _, ...summary } = token;
  return summary;
}

/** Creates a token; the answer's `token` is the only time its secret is shown. */
export async function createToken(
  cluster: Cluster,
  request: CreateTokenRequest,
): Promise<TokenSummary & { token: string }> {
  const { id, secret, token } = newToken();
  const stored: StoredToken = {
    id,
    name: request.name,
    secretHash: await sha256Hex(secret),
    acl: request.acl,
    createdAt: Date.now(),
  };
  if (request.quotas !== undefined) stored.quotas = request.quotas;
  unwrap(await cluster.catalog.createToken(stored));
  return { ...summaryOf(stored), token };
}

export async function listTokens(cluster: Cluster): Promise<TokenSummary[]> {
  const { tokens } = await cluster.catalog.listTokens();
  return tokens.map(summaryOf);
}

export async function revokeToken(cluster: Cluster, id: string): Promise<void> {
  unwrap(await cluster.catalog.revokeToken(id));
}
