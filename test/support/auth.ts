// Helpers for tests with auth on: the admin token the auth project sets, an Api sending a given
// bearer token, and access tokens made through the API.
import { type Api, Api as ApiClass, type FetchFn } from "./api.js";

/** EDGELOG_ADMIN_TOKEN of the "auth" vitest project (vitest.config.ts). */
export const ADMIN_TOKEN = "test-admin-token-0123456789";

/** An Api whose every request carries `Authorization: Bearer <token>` (none when null). */
export function withToken(base: Api, token: string | null): Api {
  const fetchFn: FetchFn = (request) => {
    const headers = new Headers(request.headers);
    if (token === null) headers.delete("authorization");
    else headers.set("authorization", `Bearer ${token}`);
    return base.fetchFn(new Request(request, { headers }));
  };
  return new ApiClass(fetchFn, base.base);
}

export interface CreatedToken {
  id: string;
  name: string;
  token: string;
}

/** Creates an access token with the admin token; fails the test unless it is 201. */
export async function createToken(
  admin: Api,
  acl: Array<{ resource: string; operations: string[] }>,
  quotas?: Record<string, number>,
): Promise<CreatedToken> {
  const body: Record<string, unknown> = { name: `t-${Math.random().toString(36).slice(2)}`, acl };
  if (quotas !== undefined) body.quotas = quotas;
  const answer = await admin.request<CreatedToken>("POST", "/v1/tokens", body);
  if (answer.status !== 201) throw new Error(`token create answered ${answer.status}`);
  return answer.body;
}
