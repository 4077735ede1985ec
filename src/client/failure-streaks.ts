// Failure streaks: the failures of one operation (a partition's fetch, a group's heartbeat) in a
// row, so an outage logs its first failure, then at most one line per quiet period with a
// count, then its recovery, instead of one line (or stack) per attempt.

/** How long a failure that keeps repeating stays quiet: an outage shows every 30 s, no more. */
export const FAILURE_LOG_QUIET_MS = 30_000;
/**
 * Streaks tracked at once. Each ends when its operation succeeds; operations keyed by a topic
 * that fail and are never tried again would otherwise stay forever. Past it, the oldest goes.
 */
const STREAKS_MAX = 1_000;

/** What the failure just recorded is worth logging as, or null: counted only. */
export type StreakNote =
  | { kind: "first" }
  | { kind: "changed"; previousCause: string }
  | { kind: "repeated"; failures: number; streakMs: number };

export interface Recovery {
  failures: number;
  streakMs: number;
}

interface Streak {
  cause: string;
  startedAt: number;
  failures: number;
  loggedAt: number;
}

export class FailureStreaks {
  private readonly streaks = new Map<string, Streak>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly quietMs = FAILURE_LOG_QUIET_MS,
  ) {}

  /** Records a failure of `key` with `cause` (an error code or class name). */
  failed(key: string, cause: string): StreakNote | null {
    const now = this.now();
    const streak = this.streaks.get(key);
    if (streak === undefined) {
      if (this.streaks.size >= STREAKS_MAX) this.evictOldest();
      this.streaks.set(key, { cause, startedAt: now, failures: 1, loggedAt: now });
      return { kind: "first" };
    }
    streak.failures++;
    if (streak.cause !== cause) {
      const previousCause = streak.cause;
      streak.cause = cause;
      streak.loggedAt = now;
      return { kind: "changed", previousCause };
    }
    if (now - streak.loggedAt < this.quietMs) return null;
    streak.loggedAt = now;
    return { kind: "repeated", failures: streak.failures, streakMs: now - streak.startedAt };
  }

  /** `key` succeeded: answers the streak it ends, or null when it was not failing. */
  succeeded(key: string): Recovery | null {
    const streak = this.streaks.get(key);
    if (streak === undefined) return null;
    this.streaks.delete(key);
    return { failures: streak.failures, streakMs: this.now() - streak.startedAt };
  }

  private evictOldest(): void {
    const oldest = this.streaks.keys().next();
    if (oldest.done !== true) this.streaks.delete(oldest.value);
  }
}
