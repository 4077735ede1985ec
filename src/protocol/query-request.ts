// The body of POST /v1/queries and POST /v1/query: `{sql}` (design/stream-sql.md, API).
import { EdgelogError } from "./errors.js";
import { isPlainObject } from "./json-body.js";

export function parseQueryRequest(body: unknown): { sql: string } {
  if (!isPlainObject(body) || typeof body.sql !== "string" || Object.keys(body).length !== 1) {
    throw new EdgelogError("INVALID_REQUEST", "body must be {sql} with sql a string");
  }
  return { sql: body.sql };
}
