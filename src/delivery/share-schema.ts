// The schema of a share group object's SQLite database: numbered, append-only migrations.

/** Numbered, append-only migrations; never edit a released entry. */
export const SHARE_GROUP_MIGRATIONS = [
  // One row: the group's id and config, and the idempotent producer its dead letters use.
  `CREATE TABLE share_group (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    group_id TEXT NOT NULL,
    config TEXT NOT NULL,
    producer_id TEXT,
    producer_epoch INTEGER
  );
  -- Per share partition: the start offset (SPSO: everything below is accepted or archived),
  -- the end offset (SPEO: the next offset never leased) and how many records were archived.
  CREATE TABLE share_partitions (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    topic_id TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (topic, partition)
  );
  -- The in-flight window: a row per record in [start_offset, end_offset).
  CREATE TABLE share_records (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    state TEXT NOT NULL,
    lease_id TEXT,
    lease_deadline INTEGER,
    delivery_count INTEGER NOT NULL,
    PRIMARY KEY (topic, partition, offset)
  );
  CREATE INDEX share_records_deadline ON share_records (lease_deadline) WHERE state = 'acquired';
  -- Archived records not yet written to the dead-letter topic. A batch being written has its
  -- dead-letter partition and producer sequence set, so a retry resends exactly that batch.
  CREATE TABLE share_dead_letters (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    reason TEXT NOT NULL,
    dead_topic TEXT NOT NULL,
    dead_partition INTEGER,
    sequence INTEGER,
    PRIMARY KEY (topic, partition, offset)
  );
  -- The next producer sequence per dead-letter partition (Kafka's idempotent producer).
  CREATE TABLE share_dead_sequences (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    next_sequence INTEGER NOT NULL,
    PRIMARY KEY (topic, partition)
  );`,
] as const;
