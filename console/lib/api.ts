// The console's only backend: edgelog's HTTP API on the page's own origin. With auth on, the
// token a person types is kept in sessionStorage (this tab only, gone when it closes) and sent as
// a bearer token; an UNAUTHORIZED answer asks for a token and tries again.
import type { ErrorBody } from "../../src/protocol/errors.js";
import { askForToken } from "./token.js";

const TOKEN_KEY = "edgelog.console.token";

/** An API error as the console shows it: its code and message, never a stack. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The token this tab uses, if one was given. */
export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The headers every API call carries: the tab's token when it has one. */
export function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: ErrorBody };
    if (body.error !== undefined) {
      return new ApiError(body.error.code, body.error.message, response.status);
    }
  } catch {
    // Not edgelog's JSON error (a proxy's page): the status speaks for it.
  }
  return new ApiError(`HTTP_${response.status}`, response.statusText, response.status);
}

/** Calls the API; the JSON answer, or an ApiError. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  for (;;) {
    const headers: Record<string, string> = { accept: "application/json", ...authHeaders() };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
    const error = await errorOf(response);
    if (error.code !== "UNAUTHORIZED") throw error;
    sessionStorage.setItem(TOKEN_KEY, await askForToken(`${error.code}: ${error.message}`));
  }
}

/** `GET` of an API path built from segments, each URI-encoded, with an optional query. */
export function get<T>(segments: Array<string | number>, query: Record<string, string> = {}) {
  const path = `/v1/${segments.map((s) => encodeURIComponent(String(s))).join("/")}`;
  const search = new URLSearchParams(query).toString();
  return api<T>("GET", search === "" ? path : `${path}?${search}`);
}
