// A group's lag history in its coordinator's SQLite: one row per sample and topic (lag summed,
// seconds the maximum over the topic's partitions), kept LAG_HISTORY_MS.
import type { Sql } from "../log/sql.js";

/** Appended to the group's numbered migrations (groups/group-store.ts). */
export const LAG_HISTORY_MIGRATION = `CREATE TABLE lag_samples (
    timestamp INTEGER NOT NULL,
    topic TEXT NOT NULL,
    lag_records INTEGER NOT NULL,
    lag_seconds REAL NOT NULL,
    PRIMARY KEY (timestamp, topic)
  );`;

export interface LagSample {
  /** When the sample was taken (ms since the epoch). */
  timestamp: number;
  topic: string;
  lagRecords: number;
  lagSeconds: number;
}

type SampleRow = { timestamp: number; topic: string; lag_records: number; lag_seconds: number };

export class LagStore {
  constructor(private readonly sql: Sql) {}

  /** Saves one sample (a row per topic) and forgets samples taken before `keepSince`. */
  save(samples: LagSample[], keepSince: number): void {
    for (const s of samples) {
      this.sql.exec(
        `INSERT OR REPLACE INTO lag_samples (timestamp, topic, lag_records, lag_seconds)
         VALUES (?, ?, ?, ?)`,
        s.timestamp,
        s.topic,
        s.lagRecords,
        s.lagSeconds,
      );
    }
    this.sql.exec("DELETE FROM lag_samples WHERE timestamp < ?", keepSince);
  }

  /** Samples since `since`, of `topic` or of every topic, oldest first. */
  since(since: number, topic: string | null): LagSample[] {
    const rows =
      topic === null
        ? this.sql.exec<SampleRow>(
            "SELECT * FROM lag_samples WHERE timestamp >= ? ORDER BY timestamp, topic",
            since,
          )
        : this.sql.exec<SampleRow>(
            "SELECT * FROM lag_samples WHERE timestamp >= ? AND topic = ? ORDER BY timestamp",
            since,
            topic,
          );
    return rows.toArray().map((r) => ({
      timestamp: r.timestamp,
      topic: r.topic,
      lagRecords: r.lag_records,
      lagSeconds: r.lag_seconds,
    }));
  }

  /** When the newest sample was taken, or null. */
  newest(): number | null {
    return this.sql.exec<{ t: number | null }>("SELECT max(timestamp) AS t FROM lag_samples").one()
      .t;
  }

  clear(): void {
    this.sql.exec("DELETE FROM lag_samples");
  }
}

/** Per-partition lag rows summed per topic: records added, seconds the maximum. */
export function lagByTopic(
  timestamp: number,
  rows: Array<{ topic: string; lagRecords: number | null; lagSeconds: number | null }>,
): LagSample[] {
  const byTopic = new Map<string, LagSample>();
  for (const row of rows) {
    const seen = byTopic.get(row.topic) ?? {
      timestamp,
      topic: row.topic,
      lagRecords: 0,
      lagSeconds: 0,
    };
    seen.lagRecords += row.lagRecords ?? 0;
    seen.lagSeconds = Math.max(seen.lagSeconds, row.lagSeconds ?? 0);
    byTopic.set(row.topic, seen);
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}
