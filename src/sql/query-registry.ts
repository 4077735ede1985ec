// The registry of persistent queries (one object, `queries`): each query's statement, plan,
// output topic and processors. SQL over the small Sql interface, values always bound.
import { migrate, type Sql, type Transaction } from "../log/sql.js";
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import type { QueryPlan } from "./plan.js";

export interface QueryRecord {
  readonly id: string;
  readonly name: string;
  readonly sql: string;
  readonly kind: "stream" | "table";
  readonly outputTopic: string;
  readonly plan: QueryPlan;
  /** Object names of the processors, first stage (one per input partition) first. */
  readonly stages: string[][];
  /** The internal topic a table query re-keys through, or null. */
  readonly repartitionTopic: string | null;
  readonly createdAt: number;
}

/** A query as the registry holds it: its record, and why it failed for good (null: running). */
export interface RegisteredQuery extends QueryRecord {
  readonly failure: string | null;
}

export interface QueryRegistryRpc {
  add(query: QueryRecord): Promise<{ ok: true } | Failure>;
  list(): Promise<RegisteredQuery[]>;
  get(id: string): Promise<{ ok: true; query: RegisteredQuery } | Failure>;
  /** The live table query whose output topic is `name`, if any. */
  tableNamed(name: string): Promise<QueryRecord | null>;
  remove(id: string): Promise<{ ok: true } | Failure>;
  /**
   * A processor of the query failed for good: the registry keeps the first reason, so listing
   * queries answers their state without asking every processor (a removed query ignores it).
   */
  markFailed(id: string, reason: string): Promise<void>;
}

export const QUERY_REGISTRY_MIGRATIONS = [
  `CREATE TABLE queries (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     output_topic TEXT NOT NULL,
     kind TEXT NOT NULL,
     record TEXT NOT NULL
   )`,
  // Why a query failed for good, as its processor reported it; NULL while it runs.
  "ALTER TABLE queries ADD COLUMN failure TEXT",
];

type QueryRow = { record: string; failure: string | null };

function registered(row: QueryRow): RegisteredQuery {
  return { ...(JSON.parse(row.record) as QueryRecord), failure: row.failure };
}

export class QueryRegistry {
  constructor(
    private readonly sql: Sql,
    transaction: Transaction,
  ) {
    migrate(sql, transaction, QUERY_REGISTRY_MIGRATIONS);
  }

  add(query: QueryRecord): void {
    const clash = this.sql
      .exec<{ id: string }>("SELECT id FROM queries WHERE name = ?", query.name)
      .toArray();
    if (clash.length > 0) {
      throw new EdgelogError("TOPIC_EXISTS", `a query named ${query.name} exists`, {
        topic: query.name,
      });
    }
    this.sql.exec(
      "INSERT INTO queries (id, name, output_topic, kind, record) VALUES (?, ?, ?, ?, ?)",
      query.id,
      query.name,
      query.outputTopic,
      query.kind,
      JSON.stringify(query),
    );
  }

  list(): RegisteredQuery[] {
    return this.sql
      .exec<QueryRow>("SELECT record, failure FROM queries ORDER BY name")
      .toArray()
      .map(registered);
  }

  get(id: string): { ok: true; query: RegisteredQuery } | Failure {
    const rows = this.sql
      .exec<QueryRow>("SELECT record, failure FROM queries WHERE id = ?", id)
      .toArray();
    if (rows[0] === undefined) return fail("QUERY_NOT_FOUND", `no query ${id}`, { id });
    return { ok: true, query: registered(rows[0]) };
  }

  markFailed(id: string, reason: string): void {
    this.sql.exec("UPDATE queries SET failure = ? WHERE id = ? AND failure IS NULL", reason, id);
  }

  tableNamed(name: string): QueryRecord | null {
    const rows = this.sql
      .exec<{ record: string }>(
        "SELECT record FROM queries WHERE output_topic = ? AND kind = 'table'",
        name,
      )
      .toArray();
    return rows[0] === undefined ? null : (JSON.parse(rows[0].record) as QueryRecord);
  }

  remove(id: string): { ok: true } | Failure {
    const removed = this.sql.exec("DELETE FROM queries WHERE id = ?", id).rowsWritten;
    return removed > 0 ? { ok: true } : fail("QUERY_NOT_FOUND", `no query ${id}`, { id });
  }
}
