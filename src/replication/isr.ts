// Pure rules of the ISR model (DESIGN.md §3): the high watermark, who lags, who leads next.
import { LAG_CHECK_MS_MAX } from "../protocol/limits.js";

/**
 * The high watermark: the smallest log end offset among the in-sync replicas, or null while
 * some in-sync replica's log end offset is not known yet.
 */
export function highWatermarkOf(
  isr: number[],
  logEndOffsets: Map<number, number | null>,
): number | null {
  let lowest = Number.POSITIVE_INFINITY;
  for (const replica of isr) {
    const end = logEndOffsets.get(replica);
    if (end === undefined || end === null) return null;
    lowest = Math.min(lowest, end);
  }
  return Number.isFinite(lowest) ? lowest : null;
}

export interface FollowerView {
  replica: number;
  logEndOffset: number | null;
  lastCaughtUpAt: number;
}

/** The ISR with a caught-up follower re-admitted, in replica order. */
export function isrWith(isr: number[], replica: number): number[] {
  return [...isr, replica].sort((a, b) => a - b);
}

/** How often the leader looks for laggards: a quarter of replicaLagMs, within bounds. */
export function lagCheckIntervalMs(replicaLagMs: number): number {
  return Math.min(LAG_CHECK_MS_MAX, Math.max(1, Math.floor(replicaLagMs / 4)));
}

/** In-sync followers that have not caught up with the leader for longer than `lagMs`. */
export function laggingReplicas(
  isr: number[],
  followers: FollowerView[],
  leaderLogEnd: number,
  now: number,
  lagMs: number,
): number[] {
  return followers
    .filter((f) => isr.includes(f.replica))
    .filter(
      (f) =>
        (f.logEndOffset === null || f.logEndOffset < leaderLogEnd) &&
        now - f.lastCaughtUpAt > lagMs,
    )
    .map((f) => f.replica);
}

export function isrAfterLag(isr: number[], lagging: number[]): number[] {
  return isr.filter((replica) => !lagging.includes(replica));
}

export interface Candidate {
  replica: number;
  logEndOffset: number;
}

/** The in-sync replica with the longest log leads next (ties: the lowest replica number). */
export function electLeader(candidates: Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (
      best === null ||
      c.logEndOffset > best.logEndOffset ||
      (c.logEndOffset === best.logEndOffset && c.replica < best.replica)
    ) {
      best = c;
    }
  }
  return best;
}
