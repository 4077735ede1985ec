// One partition replica's behaviour, leader or follower: the rules of DESIGN.md §3 around a
// PartitionLog. The Durable Object class is a thin shell that forwards its RPC methods here.

import { FaultStore } from "../log/fault-store.js";
import { Maintenance } from "../log/maintenance.js";
import { PartitionLog } from "../log/partition-log.js";
import type {
  AppendInput,
  AppendOk,
  Assignment,
  BecomeFollowerInput,
  BecomeLeaderInput,
  FaultInput,
  OffsetsOk,
  PartitionReplicaRpc,
  ReadInput,
  ReadOk,
  ReplicaStatus,
  ReplicateInput,
  ReplicateOk,
  WatchInput,
  WatchOk,
} from "../log/partition-rpc.js";
import { ProducerState } from "../log/producer-state.js";
import type { Sql, Transaction } from "../log/sql.js";
import { type WatcherRef, WatchStore } from "../log/watch-store.js";
import type { Failure } from "../protocol/errors.js";
import { LONG_POLL_MS_MAX, MAINTENANCE_INTERVAL_MS } from "../protocol/limits.js";
import { AlarmSchedule } from "./alarm-schedule.js";
import { AppendWatches } from "./append-watches.js";
import { FaultGate } from "./fault-gate.js";
import { LeaderAppend, leadershipRefusal } from "./leader-append.js";
import { LeaderReplicator } from "./leader-replicator.js";
import { LongPoll } from "./long-poll.js";
import { sameTerm, staleEpoch } from "./term.js";

export interface ReplicaNodeDeps {
  sql: Sql;
  transaction: Transaction;
  /** Another replica of the same partition. */
  peer(topic: string, partition: number, replica: number): PartitionReplicaRpc;
  /** The catalog's ISR commit for this partition. */
  alterIsr(
    topic: string,
    partition: number,
    leaderEpoch: number,
    isr: number[],
  ): Promise<{ ok: true } | Failure>;
  /** Sets this replica's alarm (retention and compaction) to fire at `at` (ms since the epoch). */
  setAlarm(at: number): void;
  /** Wakes an object that armed an append watch here (append-watcher-rpc.ts). */
  wake(watcher: WatcherRef, topic: string, partition: number): Promise<void>;
  /** Keeps work running after the call that started it answered (the object's waitUntil). */
  background(work: Promise<unknown>): void;
}

export class ReplicaNode {
  readonly log: PartitionLog;
  private replicator: LeaderReplicator | null = null;
  private readonly readers = new LongPoll();
  private readonly faults: FaultGate;
  private readonly maintenance: Maintenance;
  private readonly leaderAppend: LeaderAppend;
  private readonly alarm: AlarmSchedule;
  private readonly watches: AppendWatches;

  constructor(private readonly deps: ReplicaNodeDeps) {
    this.log = new PartitionLog(deps.sql, deps.transaction);
    this.maintenance = new Maintenance(this.log);
    this.leaderAppend = new LeaderAppend({
      log: this.log,
      producers: new ProducerState(this.log.store),
      replicator: () => this.ensureReplicator(),
      isDown: () => this.faults.down,
      appended: () => {
        // Alone in the ISR, the append itself moved the high watermark: readers can go on.
        this.readers.wakeAll();
        this.watches.advanced(this.log.highWatermarkOffset);
        this.alarm.afterAppend(Date.now());
      },
    });
    this.alarm = new AlarmSchedule(this.maintenance, deps.setAlarm);
    this.faults = new FaultGate(new FaultStore(deps.sql));
    this.watches = new AppendWatches({
      store: new WatchStore(deps.sql),
      wake: (watcher) => {
        const meta = this.log.meta;
        if (meta === null) return Promise.resolve();
        return deps.wake(watcher, meta.topic, meta.partition);
      },
      background: deps.background,
    });
    // A wake that a restart interrupted, or that failed, is still due: it fires now.
    this.watches.advanced(this.log.highWatermarkOffset);
  }

  /** Every call passes here first: injected faults apply to everything but setFault. */
  enter(): Promise<Failure | null> {
    return this.faults.enter();
  }

  /**
   * Binds this replica to its topic, or gives it the topic's new config. A config change keeps
   * the running replicator and the acks="all" writes waiting on it: only a new incarnation of
   * the topic, a new leadership or a new replica set ends them (issue 14: a PATCH used to fail
   * every write in flight as "not committed", though each was then committed).
   */
  init(input: Assignment): { ok: true } {
    const before = this.log.meta;
    this.log.init(input);
    const after = this.log.meta;
    if (before === null || after === null || !sameTerm(before, after)) {
      this.replicator?.stop();
      this.replicator = null;
    }
    this.ensureReplicator();
    // A new retention or cleanup policy may be due sooner than the alarm set for the old one.
    this.alarm.replan(Date.now());
    return { ok: true };
  }

  /** The alarm: one bounded run of retention and compaction, then the next one scheduled. */
  maintain(): void {
    this.alarm.fired();
    const now = Date.now();
    this.log.activity.flushIfDue(now);
    if (this.faults.down) {
      this.alarm.request(now + MAINTENANCE_INTERVAL_MS);
      return;
    }
    const run = this.maintenance.run(now, this.replicator?.copying() ?? false);
    // Followers learn the new log start and compaction target with their next push.
    this.ensureReplicator()?.notify();
    this.alarm.request(run.nextAt);
  }

  drop(topicId: string): { ok: true } {
    if (this.log.meta?.topicId === topicId) {
      this.replicator?.stop();
      this.replicator = null;
      this.faults.clearStored();
    }
    if (this.log.meta?.topicId === topicId) this.watches.clear();
    this.log.drop(topicId);
    this.readers.wakeAll();
    return { ok: true };
  }

  /** The leader of a multi-replica partition runs a replicator (again after a restart). */
  private ensureReplicator(): LeaderReplicator | null {
    const meta = this.log.meta;
    if (meta === null || !this.log.isLeader || meta.replicas.length < 2 || this.faults.down)
      return null;
    if (this.replicator === null || this.replicator.leaderEpoch !== meta.leaderEpoch) {
      this.replicator?.stop();
      this.replicator = this.newReplicator(meta.leaderEpoch, {});
    }
    return this.replicator;
  }

  private newReplicator(leaderEpoch: number, ends: Record<number, number>): LeaderReplicator {
    const meta = this.log.meta;
    const topic = meta?.topic ?? "";
    const partition = meta?.partition ?? 0;
    return new LeaderReplicator(
      {
        log: this.log,
        follower: (replica) => this.deps.peer(topic, partition, replica),
        alterIsr: (epoch, isr) => this.deps.alterIsr(topic, partition, epoch, isr),
        isDown: () => this.faults.down,
        onCommit: () => {
          this.readers.wakeAll();
          this.watches.advanced(this.log.highWatermarkOffset);
          this.alarm.afterCommit(Date.now());
        },
        now: Date.now,
      },
      leaderEpoch,
      ends,
    );
  }

  /** The produce hot path: leader-append.ts. */
  async append(input: AppendInput): Promise<AppendOk | Failure> {
    const arrivedAt = Date.now();
    const result = await this.leaderAppend.append(input);
    if (result.ok) this.log.activity.acknowledged(arrivedAt, Date.now());
    return result;
  }

  /** Follower side of a push: fencing by epoch, log matching, divergence repair, append. */
  replicate(input: ReplicateInput): ReplicateOk | Failure {
    const meta = this.log.check(input.topicId);
    if ("ok" in meta) return meta;
    if (input.leaderEpoch < meta.leaderEpoch)
      return staleEpoch(input.leaderEpoch, meta.leaderEpoch);
    if (input.leaderEpoch > meta.leaderEpoch || meta.leader !== input.leader) {
      this.follow(input.leaderEpoch, input.leader, meta.replicas);
    }
    const answer = (accepted: boolean): ReplicateOk => ({
      ok: true,
      accepted,
      logEndOffset: this.log.logEndOffset,
      lastEpoch: this.log.lastEpoch(),
      compactRows: true,
    });
    if (input.restart !== undefined) {
      this.log.restartAt(input.baseOffset, input.restart.cleaned, input.compaction);
    }
    // Retention is the leader's decision: what lies below its log start goes here too.
    this.log.advanceLogStart(input.logStartOffset);
    if (input.divergence !== undefined) {
      this.log.truncateTo(this.log.truncationFor(input.divergence));
      return answer(false);
    }
    const end = this.log.logEndOffset;
    if (input.baseOffset !== end || this.log.epochBefore(end) !== input.prevEpoch) {
      return answer(false);
    }
    this.log.appendRows(input.rows);
    if (this.log.followHighWatermark(input.highWatermark) || input.rows.length > 0) {
      this.readers.wakeAll();
      // Watches armed while this replica led: it fires them too (append-watches.ts).
      this.watches.advanced(this.log.highWatermarkOffset);
    }
    // The log now matches the leader's up to its end: a pass below that sees the same records.
    if (this.log.logEndOffset >= input.compaction.endOffset) {
      this.log.compaction.setTarget(input.compaction);
      if (this.log.compaction.ready) this.alarm.request(Date.now());
    }
    return answer(true);
  }

  private follow(leaderEpoch: number, leader: number, replicas: number[]): void {
    this.replicator?.stop();
    this.replicator = null;
    const isr = this.log.meta?.isr ?? [];
    this.log.setLeadership({ leader, leaderEpoch, replicas, isr });
  }

  becomeLeader(input: BecomeLeaderInput): ReplicaStatus | Failure {
    const meta = this.log.check(input.topicId);
    if ("ok" in meta) return meta;
    if (input.leaderEpoch < meta.leaderEpoch)
      return staleEpoch(input.leaderEpoch, meta.leaderEpoch);
    this.replicator?.stop();
    this.log.setLeadership({
      leader: meta.replica,
      leaderEpoch: input.leaderEpoch,
      replicas: input.replicas,
      isr: input.isr,
    });
    // Every in-sync replica holds everything below the old high watermark, so this never
    // moves it back (KIP-207).
    this.log.advanceHighWatermark(input.highWatermark);
    this.replicator =
      input.replicas.length > 1 ? this.newReplicator(input.leaderEpoch, input.logEndOffsets) : null;
    this.readers.wakeAll();
    this.watches.advanced(this.log.highWatermarkOffset);
    // Retention and new compaction passes are the leader's now.
    this.alarm.requestNextDue(Date.now());
    return this.status();
  }

  becomeFollower(input: BecomeFollowerInput): ReplicaStatus | Failure {
    const meta = this.log.check(input.topicId);
    if ("ok" in meta) return meta;
    if (input.leaderEpoch >= meta.leaderEpoch) {
      this.follow(input.leaderEpoch, input.leader, input.replicas);
    }
    return this.status();
  }

  status(): ReplicaStatus {
    const meta = this.log.meta;
    return {
      ok: true,
      replica: meta?.replica ?? -1,
      role: this.log.isLeader ? "leader" : "follower",
      leader: meta?.leader ?? -1,
      leaderEpoch: meta?.leaderEpoch ?? -1,
      lastEpoch: this.log.lastEpoch(),
      isr: meta?.isr ?? [],
      down: this.faults.down,
      delayMs: this.faults.delayMs,
      storage: this.log.storage(),
      cleanOffset: meta?.cleaned.endOffset ?? 0,
      ...this.log.offsetsNow(),
    };
  }

  /** Fault injection: "down" fails every call as an unreachable object would; delay slows it. */
  setFault(topicId: string, fault: FaultInput): ReplicaStatus | Failure {
    const meta = this.log.check(topicId);
    if ("ok" in meta) return meta;
    const refused = this.faults.set(fault);
    if (refused !== null) return refused;
    if (this.faults.down) {
      this.replicator?.stop();
      this.replicator = null;
    } else {
      this.ensureReplicator();
    }
    return this.status();
  }

  /** Arms an append watch (append-watches.ts): only the leader of the caller's epoch does. */
  watch(input: WatchInput): WatchOk | Failure {
    const meta = this.log.check(input.topicId);
    if ("ok" in meta) return meta;
    const leads = this.log.isLeader && this.replicator?.fenced !== true;
    const refused = leadershipRefusal(meta, input.leaderEpoch, leads);
    if (refused !== null) return refused;
    const highWatermark = this.log.highWatermarkOffset;
    const armed = this.watches.arm({ ...input.watcher, offset: input.offset }, highWatermark);
    if ("ok" in armed) return armed;
    return { ok: true, armed: armed.armed, highWatermark };
  }

  offsets(topicId: string, timestamp: number | null): OffsetsOk | Failure {
    return this.log.offsets(topicId, timestamp);
  }

  /** Reads below the high watermark this replica knows; waits up to waitMs for more. */
  async read(input: ReadInput): Promise<ReadOk | Failure> {
    this.ensureReplicator();
    const waitMs = Math.min(Math.max(input.waitMs, 0), LONG_POLL_MS_MAX);
    const result = await this.readers.poll(
      waitMs,
      () => this.log.read(input),
      (result) => !result.ok || result.count > 0 || this.faults.down,
    );
    if (result.ok) this.log.activity.served(result.count, result.bytes, Date.now());
    return result;
  }
}
