// The schema of a push subscription object's SQLite database: numbered, append-only migrations.

export const SUBSCRIPTION_MIGRATIONS = [
  // One row of config and counters; one row per source partition: the next offset to deliver,
  // the batch in flight (its end, so a retry sends the same records), its attempts, when the
  // next one is due, and a dead-letter write under way (partition and producer sequence, so a
  // retry after a crash is deduplicated by the dead-letter topic's idempotent producer).
  `CREATE TABLE subscription (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    topic TEXT NOT NULL,
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    paused INTEGER NOT NULL,
    producer_id TEXT,
    producer_epoch INTEGER,
    delivered INTEGER NOT NULL,
    dead_lettered INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE subscription_partitions (
    partition INTEGER PRIMARY KEY,
    delivered_offset INTEGER NOT NULL,
    batch_end INTEGER,
    attempts INTEGER NOT NULL,
    retry_at INTEGER,
    last_error TEXT,
    last_status INTEGER,
    dead_letter_partition INTEGER,
    dead_letter_sequence INTEGER
  );
  CREATE TABLE dead_letter_sequences (
    partition INTEGER PRIMARY KEY,
    next_sequence INTEGER NOT NULL
  );`,
] as const;
