// A thin HTTP client for the protocol suite. It takes any fetch function and base URL, so the
// same suite runs inside workerd (against the worker's own fetch) and against `wrangler dev`.

export type FetchFn = (request: Request) => Promise<Response>;

export interface ErrorBody {
  error: { code: string; message: string; retriable: boolean; details?: Record<string, unknown> };
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ProducedOffset {
  partition: number;
  offset: number;
  timestamp: number;
}

export interface FetchedRecord {
  offset: number;
  timestamp: number;
  key?: string | null;
  keyBase64?: string;
  value?: unknown;
  valueBase64?: string;
  headers: Record<string, string>;
}

export interface FetchBody {
  records: FetchedRecord[];
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
}

export class Api {
  constructor(
    readonly fetchFn: FetchFn,
    readonly base = "http://edgelog.test",
  ) {}

  url(path: string): string {
    return `${this.base}${path}`;
  }

  async raw(method: string, path: string, init: RequestInit = {}): Promise<Response> {
    return this.fetchFn(new Request(this.url(path), { method, ...init }));
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const init: RequestInit = { headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const response = await this.raw(method, path, init);
    const text = await response.text();
    const parsed = text === "" ? null : (JSON.parse(text) as T);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  createTopic(name: string, config: Record<string, unknown> = {}) {
    return this.request("POST", "/v1/topics", { name, ...config });
  }

  produce(topic: string, records: unknown[], extra: Record<string, unknown> = {}) {
    return this.request<{ offsets: ProducedOffset[] }>("POST", `/v1/topics/${topic}/records`, {
      records,
      ...extra,
    });
  }

  fetch(topic: string, partition: number, query: Record<string, string | number> = {}) {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]) => [k, String(v)]),
    ).toString();
    return this.request<FetchBody>(
      "GET",
      `/v1/topics/${topic}/partitions/${partition}/records${qs ? `?${qs}` : ""}`,
    );
  }

  offsets(topic: string, partition: number, timestamp?: number) {
    const qs = timestamp === undefined ? "" : `?timestamp=${timestamp}`;
    return this.request<{
      logStartOffset: number;
      highWatermark: number;
      logEndOffset: number;
      offset?: number | null;
    }>("GET", `/v1/topics/${topic}/partitions/${partition}/offsets${qs}`);
  }

  /** Every record of a partition from `offset` up to the high watermark. */
  async fetchAll(
    topic: string,
    partition: number,
    offset = 0,
    query: Record<string, string | number> = {},
  ): Promise<FetchedRecord[]> {
    const records: FetchedRecord[] = [];
    for (let next = offset; ; ) {
      const { status, body } = await this.fetch(topic, partition, { ...query, offset: next });
      if (status !== 200) throw new Error(`fetch answered ${status}: ${JSON.stringify(body)}`);
      records.push(...body.records);
      if (body.records.length === 0 || body.nextOffset >= body.highWatermark) return records;
      next = body.nextOffset;
    }
  }
}

let counter = 0;
/** A topic name no other test uses. */
export function uniqueTopic(prefix = "t"): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
