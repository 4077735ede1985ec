// The SDK's HTTP layer: one `fetch` (global, or a Workers service binding's), the bearer token,
// JSON in and out, and error answers turned into EdgelogClientError.
import { EdgelogClientError } from "./errors.js";

/** What the SDK needs of fetch: the global one, or `env.EDGELOG.fetch` (a service binding). */
export type FetchFunction = (request: Request) => Promise<Response>;

/** A route's path from its segments, each URL-encoded: `apiPath("topics", t, "records")`. */
export function apiPath(...segments: Array<string | number>): string {
  return `/v1/${segments.map((s) => encodeURIComponent(String(s))).join("/")}`;
}

export interface TransportOptions {
  /** Where edgelog serves, e.g. "http://localhost:8787"; with a service binding, a name only. */
  url: string;
  token?: string;
  fetch?: FetchFunction;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body with its content type (NDJSON produce). */
  raw?: { text: string; contentType: string };
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class Transport {
  private readonly base: string;
  private readonly fetchFn: FetchFunction;

  constructor(private readonly options: TransportOptions) {
    this.base = options.url.replace(/\/+$/, "");
    this.fetchFn = options.fetch ?? ((request) => fetch(request));
  }

  url(path: string, query: RequestOptions["query"] = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) params.set(name, String(value));
    }
    const search = params.toString();
    return `${this.base}${path}${search === "" ? "" : `?${search}`}`;
  }

  /** Sends one request; resolves with the parsed JSON of a 2xx (null for an empty body). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const text = await (await this.send(method, path, options)).text();
    return (text === "" ? null : JSON.parse(text)) as T;
  }

  /** Sends one request and answers the raw response (streams); errors are thrown as above. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw.text;
      headers["content-type"] = options.raw.contentType;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = body;
    if (options.signal !== undefined) init.signal = options.signal;
    const request = new Request(this.url(path, options.query), init);
    let response: Response;
    try {
      response = await this.fetchFn(request);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw EdgelogClientError.unreachable(err);
    }
    if (response.ok || response.status === 202 || response.status === 204) return response;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not edgelog's JSON: fromAnswer names the status alone.
    }
    throw EdgelogClientError.fromAnswer(response.status, parsed);
  }
}
