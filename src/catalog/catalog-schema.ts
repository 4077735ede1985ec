// The schema of the catalog object's SQLite database: numbered, append-only migrations.

/** Numbered, append-only migrations; never edit a released entry. */
export const CATALOG_MIGRATIONS = [
  `CREATE TABLE topics (
    name TEXT PRIMARY KEY,
    topic_id TEXT NOT NULL UNIQUE,
    config TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE partitions (
    topic TEXT NOT NULL REFERENCES topics (name) ON DELETE CASCADE,
    partition INTEGER NOT NULL,
    replicas TEXT NOT NULL,
    leader INTEGER NOT NULL,
    leader_epoch INTEGER NOT NULL,
    isr TEXT NOT NULL,
    PRIMARY KEY (topic, partition)
  );`,
  // Consumer groups live in their own objects; the catalog only lists their names.
  `CREATE TABLE groups (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);`,
  // Idempotent producers: a name keeps its id; each initialisation is a new epoch.
  `CREATE TABLE producers (name TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, epoch INTEGER NOT NULL);`,
  // Webhook ingestion: a topic's webhook config, secrets included (never returned).
  `CREATE TABLE webhooks (topic TEXT PRIMARY KEY, config TEXT NOT NULL);`,
  // Activity beacons: a topic's allowed origins and publishable key.
  `CREATE TABLE trackers (topic TEXT PRIMARY KEY, config TEXT NOT NULL);`,
  // Access tokens: the SHA-256 of each secret, never the secret; ACL and quotas as JSON.
  `CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    acl TEXT NOT NULL,
    quotas TEXT,
    created_at INTEGER NOT NULL
  );`,
  // Objects woken by a topic's appends (append-watches.ts): the catalog wakes them when it
  // elects a leader of one of the topic's partitions, adds partitions or deletes the topic.
  `CREATE TABLE topic_watchers (
    topic TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (topic, kind, name)
  );`,
  // Share groups are listed beside consumer groups: one name, one kind (GROUP_PROTOCOL_MISMATCH).
  `ALTER TABLE groups ADD COLUMN protocol TEXT NOT NULL DEFAULT 'consumer';`,
  // Topics edgelog makes for its own use (a query's repartition topic) are listed as internal.
  `ALTER TABLE topics ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;`,
] as const;
