// The produce hot path on the partition leader (DESIGN.md §3): produce → append → store. An
// append is checked (leadership, shape, the producer's sequence, the ISR's size), framed and
// stored in one transaction (PartitionLog.appendLocal: batch-framing.ts, batch-store.ts), handed
// to the replicator, and, with acks="all", answered once the ISR has it.
import type { StoredProducerBatch } from "../log/batch-row.js";
import { type EncodedBatch, isWellFormed, recordCountOf } from "../log/encoded-batch.js";
import type { PartitionLog } from "../log/partition-log.js";
import type { PartitionMeta } from "../log/partition-meta-store.js";
import type { AppendInput, AppendOk } from "../log/partition-rpc.js";
import type { ProducerState } from "../log/producer-state.js";
import { type Failure, fail } from "../protocol/errors.js";
import { COMMIT_WAIT_EXTRA_MS, REPLICA_LAG_MS_DEFAULT } from "../protocol/limits.js";
import type { Acks } from "../protocol/types.js";
import type { LeaderReplicator } from "./leader-replicator.js";

export interface LeaderAppendDeps {
  log: PartitionLog;
  producers: ProducerState;
  /** This leader's replicator (started if it should run one), or null with no followers. */
  replicator(): LeaderReplicator | null;
  isDown(): boolean;
  /** Records were appended: long-polls and the maintenance alarm may have work. */
  appended(): void;
}

/** Why a replica that is not the leader of the caller's epoch refuses: safe to retry. */
export function leadershipRefusal(
  meta: PartitionMeta,
  leaderEpoch: number,
  leads: boolean,
): Failure | null {
  if (leads && leaderEpoch === meta.leaderEpoch) return null;
  const failure = fail("NOT_LEADER", `replica ${meta.replica} does not lead epoch ${leaderEpoch}`, {
    leader: meta.leader,
    leaderEpoch: meta.leaderEpoch,
  });
  failure.retrySafe = true;
  return failure;
}

/** Why a batch is refused for its shape: the arrays must describe one record each. */
export function shapeRefusal(batch: EncodedBatch): Failure | null {
  if (isWellFormed(batch)) return null;
  return fail("INVALID_REQUEST", "append needs one body end, size and timestamp per record");
}

/** acks="all" needs minInsyncReplicas in the ISR before anything is written. */
export function isrShortfall(meta: PartitionMeta, acks: Acks): Failure | null {
  if (acks !== "all" || meta.isr.length >= meta.config.minInsyncReplicas) return null;
  return fail("NOT_ENOUGH_REPLICAS", "too few in-sync replicas; nothing was written", {
    isr: meta.isr,
    minInsyncReplicas: meta.config.minInsyncReplicas,
  });
}

export class LeaderAppend {
  constructor(private readonly deps: LeaderAppendDeps) {}

  async append(input: AppendInput): Promise<AppendOk | Failure> {
    const log = this.deps.log;
    const meta = log.check(input.topicId);
    if ("ok" in meta) return meta;
    const replicator = this.deps.replicator();
    const leads = log.isLeader && replicator?.fenced !== true;
    const refused = leadershipRefusal(meta, input.leaderEpoch, leads) ?? shapeRefusal(input.batch);
    if (refused !== null) return refused;
    if (input.producer !== undefined) {
      const admission = this.deps.producers.admit(input.producer);
      if ("ok" in admission) return admission;
      if (admission.kind === "duplicate") {
        return this.answerDuplicate(replicator, input, admission.batch);
      }
    }
    const shortfall = isrShortfall(meta, input.acks);
    if (shortfall !== null) return shortfall;
    const previousEnd = log.logEndOffset;
    const appended = log.appendLocal(input.batch, input.producer ?? null);
    this.deps.appended();
    if (replicator === null) return { ok: true, ...appended };
    replicator.onAppend(previousEnd);
    if (input.acks !== "all") return { ok: true, ...appended };
    const end = appended.baseOffset + recordCountOf(input.batch);
    return this.awaitCommit(replicator, end, appended);
  }

  /** A retried batch: its original offsets, once committed like any acks="all" answer. */
  private async answerDuplicate(
    replicator: LeaderReplicator | null,
    input: AppendInput,
    batch: StoredProducerBatch,
  ): Promise<AppendOk | Failure> {
    const end = batch.baseOffset + batch.recordCount;
    const original = {
      baseOffset: batch.baseOffset,
      appendTime: 0,
      duplicate: { timestamps: this.deps.producers.originalTimestamps(batch) },
    };
    if (replicator === null || input.acks !== "all") return { ok: true, ...original };
    return this.awaitCommit(replicator, end, original);
  }

  /** acks="all": the answer waits until the ISR has the records (DESIGN.md §3). */
  private async awaitCommit(
    replicator: LeaderReplicator,
    end: number,
    appended: Omit<AppendOk, "ok">,
  ): Promise<AppendOk | Failure> {
    const lagMs = this.deps.log.meta?.config.replicaLagMs ?? REPLICA_LAG_MS_DEFAULT;
    const outcome = await replicator.waitForCommit(end, lagMs + COMMIT_WAIT_EXTRA_MS);
    if (this.deps.isDown()) {
      return fail("UNAVAILABLE", "replica went down before the write was committed");
    }
    if (outcome !== "committed") {
      // Appended here, fate unknown: never NOT_ENOUGH_REPLICAS, never retried by the gateway.
      return fail("UNAVAILABLE", `the write was appended but not committed (${outcome})`);
    }
    const meta = this.deps.log.meta;
    if (meta !== null && meta.isr.length < meta.config.minInsyncReplicas) {
      return fail(
        "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
        "written, but the ISR shrank below minInsyncReplicas before it committed",
        { isr: meta.isr, minInsyncReplicas: meta.config.minInsyncReplicas, ...appended },
      );
    }
    return { ok: true, ...appended };
  }
}
