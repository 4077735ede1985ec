// A partition replica's armed append watches (append-watches.ts), one row per watcher: every SQL
// string touching them lives here.
import type { Sql } from "./sql.js";

/** An object to wake: its kind (which Durable Object namespace) and its name there. */
export interface WatcherRef {
  kind: string;
  name: string;
}

/** A watcher asleep until the high watermark passes `offset` (the record there is readable). */
export interface ArmedWatch extends WatcherRef {
  offset: number;
}

export class WatchStore {
  constructor(private readonly sql: Sql) {}

  list(): ArmedWatch[] {
    return this.sql
      .exec<{ kind: string; name: string; offset: number }>(
        "SELECT kind, name, offset FROM append_watches",
      )
      .toArray();
  }

  /** Arms or re-arms: a watcher has one watch, the newest. */
  put(watch: ArmedWatch): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO append_watches (kind, name, offset) VALUES (?, ?, ?)",
      watch.kind,
      watch.name,
      watch.offset,
    );
  }

  /** Removes a fired watch, unless the watcher re-armed it since (another offset). */
  deleteFired(watch: ArmedWatch): void {
    this.sql.exec(
      "DELETE FROM append_watches WHERE kind = ? AND name = ? AND offset = ?",
      watch.kind,
      watch.name,
      watch.offset,
    );
  }

  clear(): void {
    this.sql.exec("DELETE FROM append_watches");
  }
}
