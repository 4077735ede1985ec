// The partition replica's metrics tables, appended to its numbered migrations
// (log/partition-schema.ts): per-minute activity, and the totals of the minutes trimmed away
// plus the produce latency histogram (one row).
export const ACTIVITY_MIGRATION = `CREATE TABLE activity_minutes (
    minute INTEGER PRIMARY KEY,
    records_in INTEGER NOT NULL,
    bytes_in INTEGER NOT NULL,
    records_out INTEGER NOT NULL,
    bytes_out INTEGER NOT NULL
  );
  CREATE TABLE metric_totals (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    records_in INTEGER NOT NULL,
    bytes_in INTEGER NOT NULL,
    records_out INTEGER NOT NULL,
    bytes_out INTEGER NOT NULL,
    produce_histogram TEXT NOT NULL
  );`;
