// The SDK's stream SQL client (`edgelog.queries`): persistent queries (create, list, describe,
// drop), pull queries over a table's state, and push queries as an async iterator of rows.
import type { PullQueryAnswer, QueryDescription, QuerySummary } from "../protocol/query-request.js";
import type { ClientLog } from "./client-log.js";
import { EdgelogClientError } from "./errors.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { sseEvents } from "./tail.js";
import { apiPath, type Transport } from "./transport.js";

export type { PullQueryAnswer, QueryDescription, QuerySummary };

export class Queries {
  constructor(
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    private readonly log: ClientLog,
  ) {}

  /** `CREATE STREAM … AS SELECT` or `CREATE TABLE … AS SELECT`: sent once, never retried. */
  create(sql: string): Promise<QuerySummary> {
    return this.transport.request<QuerySummary>("POST", "/v1/queries", { body: { sql } });
  }

  async list(): Promise<QuerySummary[]> {
    const answer = await this.read<{ queries: QuerySummary[] }>("/v1/queries");
    return answer.queries;
  }

  describe(id: string): Promise<QueryDescription> {
    return this.read<QueryDescription>(apiPath("queries", id));
  }

  /** Stops the query; its output topic stays. */
  async drop(id: string): Promise<void> {
    await this.transport.request("DELETE", apiPath("queries", id));
  }

  /** A pull query over a table's current state: `SELECT … FROM <table> [WHERE KEY = …]`. */
  pull(sql: string): Promise<PullQueryAnswer> {
    const watch = { log: this.log, operation: "POST /v1/query" };
    return withRetry(
      () => this.transport.request<PullQueryAnswer>("POST", "/v1/query", { body: { sql } }),
      this.retry,
      watch,
    );
  }

  /**
   * A push query (`SELECT … EMIT CHANGES`): each result row as records arrive, until the loop
   * breaks or `signal` aborts. Rows are not resumable: a push query starts at the input's end.
   */
  async *push(sql: string, signal?: AbortSignal): AsyncGenerator<Record<string, unknown>> {
    const options = { body: { sql }, headers: { accept: "text/event-stream" } };
    const response = await this.transport.send(
      "POST",
      "/v1/query",
      signal === undefined ? options : { ...options, signal },
    );
    for await (const event of sseEvents(response)) {
      if (event.event === "error") {
        throw EdgelogClientError.fromAnswer(503, { error: JSON.parse(event.data) });
      }
      if (event.event === "row") yield JSON.parse(event.data) as Record<string, unknown>;
    }
  }

  private read<T>(route: string): Promise<T> {
    const watch = { log: this.log, operation: `GET ${route}` };
    return withRetry(() => this.transport.request<T>("GET", route), this.retry, watch);
  }
}
