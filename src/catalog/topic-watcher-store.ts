// The objects watching each topic's appends (append-watches.ts), which the catalog wakes on a
// leader change: every SQL string touching them lives here.
import type { Sql } from "../log/sql.js";
import type { WatcherRef } from "../log/watch-store.js";

export class TopicWatcherStore {
  constructor(private readonly sql: Sql) {}

  list(topic: string): WatcherRef[] {
    return this.sql
      .exec<{ kind: string; name: string }>(
        "SELECT kind, name FROM topic_watchers WHERE topic = ? ORDER BY kind, name",
        topic,
      )
      .toArray();
  }

  /** Every watcher of one kind, over all topics, each with its topic. */
  listKind(kind: string): Array<{ topic: string; name: string }> {
    return this.sql
      .exec<{ topic: string; name: string }>(
        "SELECT topic, name FROM topic_watchers WHERE kind = ? ORDER BY topic, name",
        kind,
      )
      .toArray();
  }

  has(topic: string, watcher: WatcherRef): boolean {
    return (
      this.sql
        .exec(
          "SELECT 1 AS found FROM topic_watchers WHERE topic = ? AND kind = ? AND name = ?",
          topic,
          watcher.kind,
          watcher.name,
        )
        .toArray().length > 0
    );
  }

  count(topic: string): number {
    return this.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM topic_watchers WHERE topic = ?", topic)
      .one().n;
  }

  add(topic: string, watcher: WatcherRef): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO topic_watchers (topic, kind, name) VALUES (?, ?, ?)",
      topic,
      watcher.kind,
      watcher.name,
    );
  }

  remove(topic: string, watcher: WatcherRef): void {
    this.sql.exec(
      "DELETE FROM topic_watchers WHERE topic = ? AND kind = ? AND name = ?",
      topic,
      watcher.kind,
      watcher.name,
    );
  }

  removeTopic(topic: string): void {
    this.sql.exec("DELETE FROM topic_watchers WHERE topic = ?", topic);
  }
}
