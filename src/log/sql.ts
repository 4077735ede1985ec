// The small SQL interface the stores run on: Durable Object SQLite (`ctx.storage.sql`) fits it,
// and so would any synchronous SQLite binding, which keeps src/ free of platform types.

export type SqlValue = ArrayBuffer | string | number | null;

export interface SqlCursor<Row> extends Iterable<Row> {
  toArray(): Row[];
  one(): Row;
  readonly rowsWritten: number;
}

export interface Sql {
  exec<Row extends Record<string, SqlValue>>(
    query: string,
    ...bindings: SqlValue[]
  ): SqlCursor<Row>;
}

/** Runs `fn` atomically: Durable Objects' `transactionSync`. */
export type Transaction = <T>(fn: () => T) => T;

/**
 * Applies numbered, append-only schema migrations, recording each in `_migrations`. Migration N
 * is the Nth entry of `migrations`; released entries are never edited, only appended to.
 */
export function migrate(sql: Sql, transaction: Transaction, migrations: readonly string[]): void {
  sql.exec(
    "CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
  );
  const row = sql.exec<{ v: number | null }>("SELECT max(version) AS v FROM _migrations").one();
  const applied = row.v ?? 0;
  for (let version = applied + 1; version <= migrations.length; version++) {
    transaction(() => {
      sql.exec(migrations[version - 1] as string);
      sql.exec("INSERT INTO _migrations (version, applied_at) VALUES (?, ?)", version, Date.now());
    });
  }
}
