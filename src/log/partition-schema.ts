// The schema of a partition replica's SQLite database: numbered, append-only migrations.
// Released entries are never edited; a change is a new entry at the end.
import { ACTIVITY_MIGRATION } from "../metrics/activity-schema.js";

export const PARTITION_MIGRATIONS = [
  `CREATE TABLE partition_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    topic_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    replica INTEGER NOT NULL,
    config TEXT NOT NULL,
    log_start_offset INTEGER NOT NULL,
    leader_epoch INTEGER NOT NULL
  );
  CREATE TABLE batches (
    base_offset INTEGER PRIMARY KEY,
    record_count INTEGER NOT NULL CHECK (record_count > 0),
    max_timestamp INTEGER NOT NULL,
    byte_size INTEGER NOT NULL,
    leader_epoch INTEGER NOT NULL,
    producer_id TEXT,
    producer_epoch INTEGER,
    base_sequence INTEGER,
    payload TEXT NOT NULL,
    record_index BLOB NOT NULL
  );`,
  // Replication: this replica's view of leadership, ISR and high watermark, and injected faults.
  `ALTER TABLE partition_meta ADD COLUMN leader INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE partition_meta ADD COLUMN replicas TEXT NOT NULL DEFAULT '[0]';
  ALTER TABLE partition_meta ADD COLUMN isr TEXT NOT NULL DEFAULT '[0]';
  ALTER TABLE partition_meta ADD COLUMN high_watermark INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX batches_by_epoch ON batches (leader_epoch, base_offset);
  CREATE TABLE faults (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    down INTEGER NOT NULL,
    delay_ms INTEGER NOT NULL
  );`,
  // Idempotent producers: a partition's producer state is read from its own batches.
  `CREATE INDEX batches_by_producer ON batches (producer_id, base_offset)
     WHERE producer_id IS NOT NULL;`,
  // Retention and compaction. A batch keeps the offset range it was written with (end_offset)
  // when compaction removes records from it (record_offsets then lists the survivors'), and
  // whole batches may go: leader epochs move to their own table (Kafka's leader-epoch
  // checkpoint), producers' last batches to producer_history, so neither is lost with them.
  `ALTER TABLE batches ADD COLUMN end_offset INTEGER NOT NULL DEFAULT 0;
  UPDATE batches SET end_offset = base_offset + record_count;
  ALTER TABLE batches ADD COLUMN record_offsets BLOB;
  CREATE TABLE leader_epochs (epoch INTEGER PRIMARY KEY, start_offset INTEGER NOT NULL);
  INSERT INTO leader_epochs (epoch, start_offset)
    SELECT leader_epoch, min(base_offset) FROM batches GROUP BY leader_epoch;
  DROP INDEX batches_by_epoch;
  CREATE TABLE producer_history (
    producer_id TEXT NOT NULL,
    producer_epoch INTEGER NOT NULL,
    base_sequence INTEGER NOT NULL,
    base_offset INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    PRIMARY KEY (producer_id, base_offset)
  );
  ALTER TABLE partition_meta ADD COLUMN clean_offset INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE partition_meta ADD COLUMN clean_time INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE partition_meta ADD COLUMN compaction_end INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE partition_meta ADD COLUMN compaction_time INTEGER NOT NULL DEFAULT 0;`,
  // Append watches (append-watches.ts): an object asleep until the high watermark passes an
  // offset. Stored so a restarted leader still wakes it; one row per watcher.
  `CREATE TABLE append_watches (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    offset INTEGER NOT NULL,
    PRIMARY KEY (kind, name)
  );`,
  // Metrics: per-minute activity and counters (metrics/activity-schema.ts).
  ACTIVITY_MIGRATION,
  // Compact rows: a batch may store its records' bodies without per-record offsets and
  // timestamps (batch-row.ts's RowFormat; 0, every row before this, is framed), timestamps then
  // kept apart only when producers stamped records differently.
  `ALTER TABLE batches ADD COLUMN format INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE batches ADD COLUMN timestamps BLOB;`,
] as const;
