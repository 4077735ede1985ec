// The leader's side of replication (DESIGN.md §3): pushes batches to every follower in order,
// repairs diverged followers (KIP-101/279), tracks the ISR (shrinks laggards after replicaLagMs,
// re-admits followers once caught up, each change committed by the catalog first) and advances
// the high watermark to the smallest log end offset in the ISR.
import { trimRowStart } from "../log/batch-row.js";
import { diverges } from "../log/divergence.js";
import type { PartitionLog } from "../log/partition-log.js";
import type { PartitionReplicaRpc, ReplicateInput } from "../log/partition-rpc.js";
import type { Failure } from "../protocol/errors.js";
import {
  HIGH_WATERMARK_PUSH_DELAY_MS,
  REPLICA_LAG_MS_DEFAULT,
  REPLICATION_BACKOFF_MS_MAX,
  REPLICATION_BACKOFF_MS_MIN,
  REPLICATION_BYTES_MAX,
} from "../protocol/limits.js";
import { type CommitOutcome, CommitWaiters } from "./commit-waiters.js";
import { FollowerLink } from "./follower-link.js";
import {
  highWatermarkOf,
  isrAfterLag,
  isrWith,
  lagCheckIntervalMs,
  laggingReplicas,
} from "./isr.js";

export interface ReplicatorDeps {
  log: PartitionLog;
  follower(replica: number): PartitionReplicaRpc;
  /** Asks the catalog to commit a new ISR for this leader epoch. */
  alterIsr(leaderEpoch: number, isr: number[]): Promise<{ ok: true } | Failure>;
  /** True while this replica is injected "down": it sends nothing. */
  isDown(): boolean;
  /** The high watermark moved: wake long-polls. */
  onCommit(): void;
  now(): number;
}

export class LeaderReplicator {
  private readonly links = new Map<number, FollowerLink>();
  private readonly waiters = new CommitWaiters();
  private active = true;
  private isrChange: Promise<void> | null = null;
  private lagTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set once the catalog or a follower showed a newer epoch: this leader is fenced. */
  fenced = false;

  constructor(
    private readonly deps: ReplicatorDeps,
    readonly leaderEpoch: number,
    logEndOffsets: Record<number, number> = {},
  ) {
    const meta = deps.log.meta;
    for (const replica of meta?.replicas ?? []) {
      if (replica === meta?.replica) continue;
      const logEnd = logEndOffsets[replica] ?? null;
      this.links.set(replica, new FollowerLink(replica, logEnd, deps.now()));
    }
    this.recomputeHighWatermark();
    this.notify();
  }

  get isActive(): boolean {
    return this.active && !this.fenced;
  }

  /** Stops pushing and answers every waiting produce. */
  stop(): void {
    this.active = false;
    if (this.lagTimer !== null) clearTimeout(this.lagTimer);
    for (const link of this.links.values()) link.wake?.();
    this.waiters.endAll();
  }

  /** Called after a local append that started at `previousEnd`. */
  onAppend(previousEnd: number): void {
    const now = this.deps.now();
    for (const link of this.links.values()) {
      // A follower that had everything until now is caught up as of now (Kafka's rule).
      if (link.logEndOffset !== null && link.logEndOffset >= previousEnd) link.lastCaughtUpAt = now;
    }
    this.notify();
    this.scheduleLagCheck();
  }

  /** Resolves once the high watermark reaches `offset`, or on timeout or loss of leadership. */
  waitForCommit(offset: number, timeoutMs: number): Promise<CommitOutcome> {
    if (this.deps.log.offsetsNow().highWatermark >= offset) return Promise.resolve("committed");
    if (!this.isActive) return Promise.resolve("not-leader");
    return this.waiters.wait(offset, timeoutMs);
  }

  /**
   * True while a follower copies the compacted log and keeps making progress: compaction
   * pauses. A copy that stalls past replicaLagMs is dropped (it starts over when it is back).
   */
  copying(): boolean {
    const lagMs = this.deps.log.meta?.config.replicaLagMs ?? REPLICA_LAG_MS_DEFAULT;
    const now = this.deps.now();
    let copying = false;
    // Every link looks, so each stalled copy is dropped.
    for (const link of this.links.values()) if (link.copying(now, lagMs)) copying = true;
    return copying;
  }

  /** Something to tell followers (records, log start, compaction target): every link pushes. */
  notify(): void {
    for (const link of this.links.values()) this.kick(link);
  }

  private kick(link: FollowerLink): void {
    if (link.running) {
      link.again = true;
      link.wake?.();
      return;
    }
    link.running = true;
    void this.push(link).finally(() => {
      link.running = false;
    });
  }

  /** The push loop for one follower: one request in flight, in offset order. */
  private async push(link: FollowerLink): Promise<void> {
    let held = false;
    while (this.isActive && !this.deps.isDown()) {
      const urgent = link.again || held;
      link.again = false;
      held = false;
      const request = this.nextRequest(link, urgent);
      if (request === null) return;
      if (request === "hold") {
        await link.pause(HIGH_WATERMARK_PUSH_DELAY_MS);
        held = true; // held long enough: send the high watermark on its own
        continue;
      }
      let ok: boolean;
      try {
        ok = this.handleAnswer(
          link,
          request,
          await this.deps.follower(link.replica).replicate(request),
        );
      } catch {
        ok = false; // unreachable: retried below
      }
      if (ok) {
        link.backoffMs = 0;
        continue;
      }
      link.backoffMs = Math.min(
        Math.max(link.backoffMs * 2, REPLICATION_BACKOFF_MS_MIN),
        REPLICATION_BACKOFF_MS_MAX,
      );
      await link.pause(link.backoffMs);
      this.checkLag();
    }
  }

  /** The next push for `link`, "hold" to delay a high-watermark-only push, or null: in sync. */
  private nextRequest(link: FollowerLink, urgent: boolean): ReplicateInput | "hold" | null {
    const log = this.deps.log;
    const meta = log.meta;
    if (meta === null) return null;
    const end = log.logEndOffset;
    const { highWatermark, logStartOffset } = log.offsetsNow();
    const restart = link.needsRestart(
      meta.compaction.endOffset,
      log.compaction.rewrites,
      this.deps.now(),
    );
    // A follower behind the log start starts afresh there: what it lacks is gone (retention).
    const from = restart ? logStartOffset : Math.max(link.logEndOffset ?? end, logStartOffset);
    const needsRows = link.logEndOffset !== null && (from < end || restart);
    const needsHighWatermark = link.lacks(highWatermark, logStartOffset, meta.compaction);
    if (link.logEndOffset !== null && !needsRows && !needsHighWatermark && !link.divergence) {
      return null;
    }
    if (!needsRows && link.logEndOffset !== null && !link.divergence && !urgent) {
      return "hold";
    }
    const rows = needsRows
      ? link.rowsFor(
          log.rowsFrom(from, REPLICATION_BYTES_MAX).map((row) => trimRowStart(row, from)),
        )
      : [];
    const request: ReplicateInput = {
      topicId: meta.topicId,
      leader: meta.replica,
      leaderEpoch: this.leaderEpoch,
      logStartOffset,
      compaction: meta.compaction,
      baseOffset: from,
      prevEpoch: log.epochBefore(from),
      rows,
      highWatermark,
    };
    if (restart) request.restart = { cleaned: meta.cleaned };
    else if (link.divergence !== undefined) request.divergence = link.divergence;
    return request;
  }

  /** Applies a follower's answer; false when the push should be retried after a backoff. */
  private handleAnswer(
    link: FollowerLink,
    request: ReplicateInput,
    answer: Awaited<ReturnType<PartitionReplicaRpc["replicate"]>>,
  ): boolean {
    if (!answer.ok) {
      if (answer.error.code === "NOT_LEADER") this.fence();
      return false;
    }
    link.divergence = undefined;
    link.answered(answer);
    link.logEndOffset = answer.logEndOffset;
    if (answer.accepted) {
      link.accepted(request, this.deps.log.compaction.rewrites, this.deps.now());
    } else if (request.divergence === undefined) {
      // The follower's log does not end where ours matches it: find where they part.
      const point = this.deps.log.divergencePoint(answer.lastEpoch);
      if (diverges(point, answer.logEndOffset, answer.lastEpoch)) link.divergence = point;
    }
    if (link.logEndOffset >= this.deps.log.logEndOffset) {
      link.lastCaughtUpAt = this.deps.now();
      this.maybeExpandIsr(link);
    }
    this.recomputeHighWatermark();
    return true;
  }

  private recomputeHighWatermark(): void {
    const meta = this.deps.log.meta;
    if (meta === null || !this.isActive) return;
    const ends = new Map<number, number | null>();
    for (const [replica, link] of this.links) ends.set(replica, link.logEndOffset);
    ends.set(meta.replica, this.deps.log.logEndOffset);
    const candidate = highWatermarkOf(meta.isr, ends);
    const moved = candidate !== null && this.deps.log.advanceHighWatermark(candidate);
    // Resolve against the current high watermark even when this call did not move it: an ISR
    // change may have moved it already.
    const { highWatermark } = this.deps.log.offsetsNow();
    this.waiters.committed(highWatermark);
    if (!moved) return;
    this.deps.onCommit();
    // Followers learn the new high watermark with their next push; an idle link starts the
    // hold delay for a push of its own.
    for (const link of this.links.values()) if (!link.running) this.kick(link);
  }

  private scheduleLagCheck(): void {
    if (this.lagTimer !== null || !this.isActive) return;
    const lagMs = this.deps.log.meta?.config.replicaLagMs ?? REPLICA_LAG_MS_DEFAULT;
    this.lagTimer = setTimeout(() => {
      this.lagTimer = null;
      if (this.checkLag()) this.scheduleLagCheck();
    }, lagCheckIntervalMs(lagMs));
  }

  /** Shrinks the ISR by followers behind for longer than replicaLagMs; true while any lags. */
  private checkLag(): boolean {
    const meta = this.deps.log.meta;
    if (meta === null || !this.isActive) return false;
    const views = [...this.links.values()];
    const end = this.deps.log.logEndOffset;
    const now = this.deps.now();
    const lagging = laggingReplicas(meta.isr, views, end, now, meta.config.replicaLagMs);
    if (lagging.length > 0) this.changeIsr(isrAfterLag(meta.isr, lagging));
    return views.some((v) => v.logEndOffset === null || v.logEndOffset < end);
  }

  private maybeExpandIsr(link: FollowerLink): void {
    const meta = this.deps.log.meta;
    if (meta === null || meta.isr.includes(link.replica)) return;
    this.changeIsr(isrWith(meta.isr, link.replica));
  }

  /** Commits an ISR change through the catalog, one at a time, then applies it. */
  private changeIsr(isr: number[]): void {
    if (this.isrChange !== null || !this.isActive) return;
    this.isrChange = (async () => {
      try {
        const result = await this.deps.alterIsr(this.leaderEpoch, isr);
        if (!result.ok) {
          if (result.error.code === "NOT_LEADER") this.fence();
          return;
        }
        if (!this.isActive) return;
        this.deps.log.setIsr(isr);
        this.recomputeHighWatermark();
      } catch {
        // The catalog is unreachable: keep the current ISR and try again on the next check.
      } finally {
        this.isrChange = null;
      }
    })();
  }

  /** A newer epoch exists: stop leading; produces now answer NOT_LEADER. */
  private fence(): void {
    this.fenced = true;
    this.stop();
  }
}
