// The one hook of the append path into metrics: batches stored count as records and bytes in.
import type { BatchRow } from "../log/batch-row.js";
import type { PartitionActivity } from "./partition-activity.js";

/** Counts `rows` as appended; called inside the append's transaction. */
export function countRows(activity: PartitionActivity, rows: BatchRow[], now: number): void {
  let records = 0;
  let bytes = 0;
  for (const row of rows) {
    records += row.recordCount;
    bytes += row.byteSize;
  }
  activity.appended(records, bytes, now);
}
