// The partition replica Durable Object (`<topic>/<partition>/<replica>`): a thin shell over
// ReplicaNode. Every call but setFault passes the injected-fault gate first.
import { DurableObject } from "cloudflare:workers";
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
} from "../../src/log/partition-rpc.js";
import {
  type ActivityMinutesOk,
  type PartitionMetricsOk,
  partitionActivity,
  partitionMetrics,
  type RecordTimeOk,
  recordTime,
} from "../../src/metrics/partition-metrics.js";
import { type Failure, fail } from "../../src/protocol/errors.js";
import { ReplicaNode } from "../../src/replication/replica-node.js";
import type { Env } from "../env.js";
import { CATALOG_NAME } from "./catalog-name.js";
import { replicaStub } from "./replica-stub.js";
import { isWatcherKind, watcherStub } from "./watcher-stub.js";

export class PartitionReplica extends DurableObject<Env> implements PartitionReplicaRpc {
  private readonly node: ReplicaNode;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.node = new ReplicaNode({
      sql: ctx.storage.sql,
      transaction: (fn) => ctx.storage.transactionSync(fn),
      peer: (topic, partition, replica) => replicaStub(env, topic, partition, replica),
      alterIsr: (topic, partition, leaderEpoch, isr) =>
        env.CATALOG.getByName(CATALOG_NAME).alterIsr({ topic, partition, leaderEpoch, isr }),
      setAlarm: (at) => void ctx.storage.setAlarm(at),
      wake: (watcher, topic, partition) =>
        watcherStub(env, watcher.kind, watcher.name).wake(topic, partition),
      background: (work) => ctx.waitUntil(work),
    });
  }

  /** Retention and compaction: one bounded run, and the next alarm set. */
  override async alarm(): Promise<void> {
    this.node.maintain();
  }

  async init(input: Assignment): Promise<{ ok: true } | Failure> {
    return (await this.node.enter()) ?? this.node.init(input);
  }

  async drop(topicId: string): Promise<{ ok: true } | Failure> {
    return (await this.node.enter()) ?? this.node.drop(topicId);
  }

  async append(input: AppendInput): Promise<AppendOk | Failure> {
    return (await this.node.enter()) ?? this.node.append(input);
  }

  async read(input: ReadInput): Promise<ReadOk | Failure> {
    return (await this.node.enter()) ?? this.node.read(input);
  }

  async offsets(topicId: string, timestamp: number | null): Promise<OffsetsOk | Failure> {
    return (await this.node.enter()) ?? this.node.offsets(topicId, timestamp);
  }

  async replicate(input: ReplicateInput): Promise<ReplicateOk | Failure> {
    return (await this.node.enter()) ?? this.node.replicate(input);
  }

  async becomeLeader(input: BecomeLeaderInput): Promise<ReplicaStatus | Failure> {
    return (await this.node.enter()) ?? this.node.becomeLeader(input);
  }

  async becomeFollower(input: BecomeFollowerInput): Promise<ReplicaStatus | Failure> {
    return (await this.node.enter()) ?? this.node.becomeFollower(input);
  }

  async status(topicId: string): Promise<ReplicaStatus | Failure> {
    const meta = this.node.log.check(topicId);
    if ("ok" in meta) return meta;
    return (await this.node.enter()) ?? this.node.status();
  }

  async watch(input: WatchInput): Promise<WatchOk | Failure> {
    if (!isWatcherKind(this.env, input.watcher.kind)) {
      return fail("INVALID_REQUEST", `no watcher kind ${JSON.stringify(input.watcher.kind)}`);
    }
    return (await this.node.enter()) ?? this.node.watch(input);
  }

  async setFault(topicId: string, fault: FaultInput): Promise<ReplicaStatus | Failure> {
    return this.node.setFault(topicId, fault);
  }

  async metrics(topicId: string): Promise<PartitionMetricsOk | Failure> {
    const node = this.node;
    return (
      (await node.enter()) ?? partitionMetrics(node.log, () => node.status(), topicId, Date.now())
    );
  }

  async activity(topicId: string, sinceMinute: number): Promise<ActivityMinutesOk | Failure> {
    return (
      (await this.node.enter()) ??
      partitionActivity(this.node.log, topicId, sinceMinute, Date.now())
    );
  }

  async recordTime(topicId: string, offset: number): Promise<RecordTimeOk | Failure> {
    return (await this.node.enter()) ?? recordTime(this.node.log, topicId, offset);
  }
}
