// Records and bytes in (appended) and out (served by fetches and SSE), the unit every
// partition counter and per-minute row is made of, and the minute a time falls in.
export interface Activity {
  recordsIn: number;
  bytesIn: number;
  recordsOut: number;
  bytesOut: number;
}

/** One minute's activity; `minute` is the minute's start in ms since the epoch. */
export interface ActivityMinute extends Activity {
  minute: number;
}

export const NO_ACTIVITY: Readonly<Activity> = Object.freeze({
  recordsIn: 0,
  bytesIn: 0,
  recordsOut: 0,
  bytesOut: 0,
});

export const MINUTE_MS = 60_000;

export function minuteOf(timeMs: number): number {
  return timeMs - (timeMs % MINUTE_MS);
}

export function addActivity(a: Activity, b: Activity): Activity {
  return {
    recordsIn: a.recordsIn + b.recordsIn,
    bytesIn: a.bytesIn + b.bytesIn,
    recordsOut: a.recordsOut + b.recordsOut,
    bytesOut: a.bytesOut + b.bytesOut,
  };
}

/** Sums minute rows (of several partitions) per minute, oldest first. */
export function sumMinutes(lists: Iterable<ActivityMinute[]>): ActivityMinute[] {
  const byMinute = new Map<number, ActivityMinute>();
  for (const list of lists) {
    for (const row of list) {
      const seen = byMinute.get(row.minute);
      byMinute.set(
        row.minute,
        seen === undefined ? { ...row } : { ...row, ...addActivity(seen, row) },
      );
    }
  }
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}
