// The body of POST /v1/queries and POST /v1/query: `{sql}` (design/stream-sql.md, API).
import { EdgelogError } from "./errors.js";
import { isPlainObject } from "./json-body.js";

export function parseQueryRequest(body: unknown): { sql: string } {
  if (!isPlainObject(body) || typeof body.sql !== "string" || Object.keys(body).length !== 1) {
    throw new EdgelogError("INVALID_REQUEST", "body must be {sql} with sql a string");
  }
  return { sql: body.sql };
}

/** A persistent query in listings and in the answer to its creation. */
export interface QuerySummary {
  id: string;
  name: string;
  kind: "stream" | "table";
  outputTopic: string;
  state: "running" | "failed";
}

/** One input partition of a query: where it reads, how far behind, what it did. */
export interface QueryPartition {
  partition: number;
  /** The next input offset to read. */
  offset: number;
  lagRecords: number;
  recordsIn: number;
  recordsOut: number;
  lateRecordsDropped: number;
  errors: number;
  /** Input records retention removed before the query read them (it went on past them). */
  recordsSkipped: number;
}

export interface QueryDescription extends QuerySummary {
  sql: string;
  partitions: QueryPartition[];
  /** Why the last run could not finish (a leader failing over); it resumes on the next. */
  lastError?: string;
}

/** A pull query's answer: column names, and each row's values in that order. */
export interface PullQueryAnswer {
  columns: string[];
  rows: unknown[][];
}
