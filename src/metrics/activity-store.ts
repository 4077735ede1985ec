// Every SQL string of a partition's metrics (activity-schema.ts): minute rows added to, the
// trimmed minutes folded into one totals row, and the histogram saved beside them.
import type { Sql } from "../log/sql.js";
import { type Activity, type ActivityMinute, addActivity, NO_ACTIVITY } from "./activity.js";

type MinuteRow = {
  minute: number;
  records_in: number;
  bytes_in: number;
  records_out: number;
  bytes_out: number;
};

type TotalsRow = MinuteRow & { produce_histogram: string };

function activityOf(row: Omit<MinuteRow, "minute">): Activity {
  return {
    recordsIn: row.records_in,
    bytesIn: row.bytes_in,
    recordsOut: row.records_out,
    bytesOut: row.bytes_out,
  };
}

export class ActivityStore {
  constructor(private readonly sql: Sql) {}

  /** Adds `a` to the row of `minute`: one statement, run inside the append's transaction. */
  add(minute: number, a: Activity): void {
    this.sql.exec(
      `INSERT INTO activity_minutes (minute, records_in, bytes_in, records_out, bytes_out)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (minute) DO UPDATE SET
         records_in = records_in + excluded.records_in,
         bytes_in = bytes_in + excluded.bytes_in,
         records_out = records_out + excluded.records_out,
         bytes_out = bytes_out + excluded.bytes_out`,
      minute,
      a.recordsIn,
      a.bytesIn,
      a.recordsOut,
      a.bytesOut,
    );
  }

  /** Minute rows from `sinceMinute` on, oldest first. */
  minutes(sinceMinute: number): ActivityMinute[] {
    return this.sql
      .exec<MinuteRow>(
        "SELECT * FROM activity_minutes WHERE minute >= ? ORDER BY minute",
        sinceMinute,
      )
      .toArray()
      .map((row) => ({ minute: row.minute, ...activityOf(row) }));
  }

  /** The totals row (trimmed minutes and the histogram's text), or null before the first save. */
  totals(): { trimmed: Activity; histogram: string } | null {
    const row = this.sql.exec<TotalsRow>("SELECT * FROM metric_totals WHERE id = 1").toArray()[0];
    return row === undefined
      ? null
      : { trimmed: activityOf(row), histogram: row.produce_histogram };
  }

  /** Everything counted: the trimmed totals plus every minute row still kept. */
  sum(): Activity {
    const row = this.sql
      .exec<Omit<MinuteRow, "minute">>(
        `SELECT coalesce(sum(records_in), 0) AS records_in, coalesce(sum(bytes_in), 0) AS bytes_in,
           coalesce(sum(records_out), 0) AS records_out, coalesce(sum(bytes_out), 0) AS bytes_out
         FROM activity_minutes`,
      )
      .one();
    return addActivity(activityOf(row), this.totals()?.trimmed ?? NO_ACTIVITY);
  }

  /** Folds the minutes before `cutoffMinute` into the totals row and deletes them. */
  trimBefore(cutoffMinute: number, histogram: string): void {
    const old = this.sql
      .exec<Omit<MinuteRow, "minute">>(
        `SELECT coalesce(sum(records_in), 0) AS records_in, coalesce(sum(bytes_in), 0) AS bytes_in,
           coalesce(sum(records_out), 0) AS records_out, coalesce(sum(bytes_out), 0) AS bytes_out
         FROM activity_minutes WHERE minute < ?`,
        cutoffMinute,
      )
      .one();
    const trimmed = addActivity(this.totals()?.trimmed ?? NO_ACTIVITY, activityOf(old));
    this.saveTotals(trimmed, histogram);
    this.sql.exec("DELETE FROM activity_minutes WHERE minute < ?", cutoffMinute);
  }

  /** Saves the histogram, keeping the trimmed totals. */
  saveHistogram(histogram: string): void {
    this.saveTotals(this.totals()?.trimmed ?? NO_ACTIVITY, histogram);
  }

  private saveTotals(t: Activity, histogram: string): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO metric_totals
         (id, records_in, bytes_in, records_out, bytes_out, produce_histogram)
       VALUES (1, ?, ?, ?, ?, ?)`,
      t.recordsIn,
      t.bytesIn,
      t.recordsOut,
      t.bytesOut,
      histogram,
    );
  }

  clear(): void {
    this.sql.exec("DELETE FROM activity_minutes");
    this.sql.exec("DELETE FROM metric_totals");
  }
}
