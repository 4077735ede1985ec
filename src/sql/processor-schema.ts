// The schema of a query processor's own SQLite: its place in the input, its state rows, its
// copy of a joined table, and the outbox of output batches with their producer sequences.
export const PROCESSOR_MIGRATIONS: readonly string[] = [
  `CREATE TABLE processor (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     config TEXT NOT NULL,
     next_offset INTEGER NOT NULL,
     table_offset INTEGER NOT NULL,
     stream_time_ms INTEGER NOT NULL,
     high_watermark INTEGER NOT NULL,
     records_in INTEGER NOT NULL,
     records_out INTEGER NOT NULL,
     late_records INTEGER NOT NULL,
     errors INTEGER NOT NULL
   );
   CREATE TABLE table_rows (
     row_key TEXT PRIMARY KEY,
     group_key TEXT NOT NULL,
     state TEXT NOT NULL
   );
   CREATE INDEX table_rows_by_group ON table_rows (group_key);
   CREATE TABLE join_rows (key TEXT PRIMARY KEY, record TEXT NOT NULL);
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     partition INTEGER NOT NULL,
     sequence INTEGER NOT NULL,
     records TEXT NOT NULL
   );
   CREATE TABLE sequences (partition INTEGER PRIMARY KEY, next_sequence INTEGER NOT NULL);`,
  // A dropped query's processors stop: a wake still in flight finds them stopped.
  "ALTER TABLE processor ADD COLUMN stopped INTEGER NOT NULL DEFAULT 0",
  // Why the processor failed for good (an output record over the limit, a fenced producer).
  "ALTER TABLE processor ADD COLUMN failure TEXT",
  // Input offsets retention removed before the processor read them, skipped to the log start.
  "ALTER TABLE processor ADD COLUMN records_skipped INTEGER NOT NULL DEFAULT 0",
];
