// Webhook redelivery dedupe for one topic: a delivery id is claimed before its record is
// appended and completed with its offset after, so a redelivery within the window answers the
// first delivery's offset instead of appending again.
import { migrate, type Sql, type Transaction } from "../log/sql.js";
import { WEBHOOK_CLAIM_MS_MAX, WEBHOOK_EXPIRED_PER_CLAIM_MAX } from "../protocol/limits.js";

const MIGRATIONS = [
  `CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    claimed_at INTEGER NOT NULL,
    partition INTEGER,
    offset_ INTEGER
  );
  CREATE INDEX deliveries_by_age ON deliveries (claimed_at);`,
] as const;

export type Claim =
  | { status: "new" }
  | { status: "done"; partition: number; offset: number }
  | { status: "pending" };

export interface DeliveryInboxRpc {
  claim(id: string, windowSec: number): Promise<Claim>;
  complete(id: string, partition: number, offset: number): Promise<{ ok: true }>;
  release(id: string): Promise<{ ok: true }>;
  /** Several claims in one call (a beacon's events), in order. */
  claimAll(ids: string[], windowSec: number): Promise<Claim[]>;
  completeAll(
    done: Array<{ id: string; partition: number; offset: number }>,
  ): Promise<{ ok: true }>;
  releaseAll(ids: string[]): Promise<{ ok: true }>;
}

type Row = { claimed_at: number; partition: number | null; offset_: number | null };

export class DeliveryInbox {
  constructor(
    private readonly sql: Sql,
    transaction: Transaction,
    private readonly now: () => number,
  ) {
    migrate(sql, transaction, MIGRATIONS);
  }

  claim(id: string, windowSec: number): Claim {
    const now = this.now();
    this.sql.exec(
      `DELETE FROM deliveries WHERE id IN
         (SELECT id FROM deliveries WHERE claimed_at < ? ORDER BY claimed_at LIMIT ?)`,
      now - windowSec * 1000,
      WEBHOOK_EXPIRED_PER_CLAIM_MAX,
    );
    const row = this.sql.exec<Row>("SELECT * FROM deliveries WHERE id = ?", id).toArray()[0];
    if (row !== undefined && row.claimed_at >= now - windowSec * 1000) {
      if (row.partition !== null && row.offset_ !== null) {
        return { status: "done", partition: row.partition, offset: row.offset_ };
      }
      if (row.claimed_at >= now - WEBHOOK_CLAIM_MS_MAX) return { status: "pending" };
    }
    this.sql.exec(
      "INSERT OR REPLACE INTO deliveries (id, claimed_at, partition, offset_) VALUES (?, ?, NULL, NULL)",
      id,
      now,
    );
    return { status: "new" };
  }

  complete(id: string, partition: number, offset: number): void {
    this.sql.exec(
      "UPDATE deliveries SET partition = ?, offset_ = ? WHERE id = ?",
      partition,
      offset,
      id,
    );
  }

  release(id: string): void {
    this.sql.exec("DELETE FROM deliveries WHERE id = ? AND partition IS NULL", id);
  }
}
