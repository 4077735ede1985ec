// Leader-epoch divergence (KIP-101, with KIP-279's refinement): where two replicas' logs stop
// agreeing, computed from the leader-epoch cache alone. Pure: the epoch starts come in.

/** Where the records of one leader epoch start in this log. */
export interface EpochStart {
  epoch: number;
  startOffset: number;
}

/** The leader's answer to a follower: its largest epoch not after the follower's last one, and
 * where that epoch ends in the leader's log (-1: none, cut at `endOffset`, the log start). */
export interface DivergencePoint {
  epoch: number;
  endOffset: number;
}

/**
 * KIP-101's OffsetsForLeaderEpoch: where `epoch` ends in this log (where the first later epoch
 * starts), or the log end when no later epoch wrote here. `starts` ascend by epoch.
 */
export function endOffsetForEpoch(
  starts: readonly EpochStart[],
  epoch: number,
  logEndOffset: number,
): number {
  return starts.find((start) => start.epoch > epoch)?.startOffset ?? logEndOffset;
}

/** The largest epoch in `starts` that is at most `epoch`, or null. */
export function largestEpochAtMost(starts: readonly EpochStart[], epoch: number): number | null {
  let found: number | null = null;
  for (const start of starts) if (start.epoch <= epoch) found = start.epoch;
  return found;
}

/** The leader's side of KIP-279, for a follower whose last epoch is `followerEpoch`. */
export function divergencePoint(
  starts: readonly EpochStart[],
  followerEpoch: number,
  logStartOffset: number,
  logEndOffset: number,
): DivergencePoint {
  const held = largestEpochAtMost(starts, followerEpoch);
  if (held === null) return { epoch: -1, endOffset: logStartOffset };
  return { epoch: held, endOffset: endOffsetForEpoch(starts, held, logEndOffset) };
}

/** True when a follower's log (its end and last epoch) goes past the leader's point. */
export function diverges(
  point: DivergencePoint,
  followerLogEndOffset: number,
  followerLastEpoch: number,
): boolean {
  return point.endOffset < followerLogEndOffset || point.epoch !== followerLastEpoch;
}

/** The follower's side of KIP-279: where to cut its log, given the leader's point. */
export function truncationPoint(
  starts: readonly EpochStart[],
  point: DivergencePoint,
  logEndOffset: number,
): number {
  if (point.epoch < 0) return point.endOffset;
  return Math.min(point.endOffset, endOffsetForEpoch(starts, point.epoch, logEndOffset));
}
