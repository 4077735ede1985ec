// The partition replica's one alarm, which runs retention and compaction (maintenance.ts): set
// only when a run is due sooner than the alarm already set, since each setAlarm is a storage
// write. Which work is due when is Maintenance's answer; this decides which answer to ask for.
import type { Maintenance } from "../log/maintenance.js";

/** When maintenance work is next due (maintenance.ts), in ms since the epoch; null: none. */
export type DueTimes = Pick<Maintenance, "wanted" | "overBytes" | "dueAt" | "compactionDueAt">;

export class AlarmSchedule {
  /** When the alarm is set to fire, as far as this instance set it; null: not set since. */
  private at: number | null = null;

  constructor(
    private readonly due: DueTimes,
    private readonly setAlarm: (at: number) => void,
  ) {}

  get nextAt(): number | null {
    return this.at;
  }

  /** Sets the alarm unless it already fires by `at`. */
  request(at: number | null): void {
    if (at === null || (this.at !== null && this.at <= at)) return;
    this.at = at;
    this.setAlarm(at);
  }

  /** The alarm fired: nothing is set until the run asks again. */
  fired(): void {
    this.at = null;
  }

  /** Sets the alarm for the next work due, unless it already fires by then. */
  requestNextDue(now: number): void {
    this.request(this.due.dueAt(now));
  }

  /** A new config: what is due may have moved either way, so the alarm is set anew. */
  replan(now: number): void {
    this.at = null;
    this.requestNextDue(now);
  }

  /** An append may start the clock on retention or compaction, or put the log over its bytes. */
  afterAppend(now: number): void {
    if (!this.due.wanted()) return;
    if (this.due.overBytes()) this.request(now);
    else if (this.at === null) this.request(this.due.dueAt(now));
    // An alarm is set for retention already: only a compaction pass can come due sooner.
    else this.request(this.due.compactionDueAt(now));
  }

  /** Passes cover committed records only: a commit may make one due. */
  afterCommit(now: number): void {
    this.request(this.due.compactionDueAt(now));
  }
}
