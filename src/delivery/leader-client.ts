// How a delivery object (share group, push subscription) calls a partition's leader: straight to
// it over RPC, with topic metadata cached briefly. Objects sit below service/ (DESIGN.md §1), so
// this is the small core of service/leader.ts's rules: a failure forgets the metadata, an
// unreachable leader asks the catalog to fail over. Calls do not retry here: the failure comes
// back as a value and the caller retries on its next request or alarm, so no call loops.
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import type { PartitionReplicaRpc } from "../log/partition-rpc.js";
import { EdgelogError, type Failure, fail, unwrap } from "../protocol/errors.js";
import { METADATA_CACHE_MS } from "../protocol/limits.js";
import type { PartitionAssignment, TopicMetadata } from "../protocol/types.js";

export interface LeaderDeps {
  catalog(): Pick<CatalogRpc, "getTopic" | "failover">;
  replica(topic: string, partition: number, replica: number): PartitionReplicaRpc;
  now(): number;
}

export type LeaderCall<T> = (
  replica: PartitionReplicaRpc,
  topic: TopicMetadata,
  assignment: PartitionAssignment,
) => Promise<T | Failure>;

export class LeaderClient {
  private readonly topics = new Map<string, { topic: TopicMetadata; expiresAt: number }>();

  constructor(private readonly deps: LeaderDeps) {}

  /** The topic's metadata (TOPIC_NOT_FOUND thrown), cached for METADATA_CACHE_MS. */
  async topic(name: string): Promise<TopicMetadata> {
    const cached = this.topics.get(name);
    if (cached !== undefined && cached.expiresAt > this.deps.now()) return cached.topic;
    const topic = unwrap(await this.deps.catalog().getTopic(name)).topic;
    this.topics.set(name, { topic, expiresAt: this.deps.now() + METADATA_CACHE_MS });
    return topic;
  }

  /** Drops the topic's cached metadata: the next call asks the catalog again. */
  forget(name: string): void {
    this.topics.delete(name);
  }

  protected async onLeader<T extends { ok: true }>(
    topicName: string,
    partition: number,
    call: LeaderCall<T>,
  ): Promise<T | Failure> {
    let topic: TopicMetadata;
    try {
      topic = await this.topic(topicName);
    } catch (err) {
      if (err instanceof EdgelogError) return err.toFailure();
      // The catalog itself is unreachable. Typed, not rethrown (share groups used to rethrow):
      // an untyped error thrown out of an object's RPC method reaches the gateway as an
      // internal error, while UNAVAILABLE is retriable and both kinds of callers handle it.
      return fail("UNAVAILABLE", "the catalog could not be reached", {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    const assignment = topic.partitions[partition];
    if (assignment === undefined) {
      this.forget(topicName);
      return fail("PARTITION_NOT_FOUND", `topic ${topicName} has no partition ${partition}`);
    }
    let result: T | Failure;
    let unreachable = false;
    try {
      result = await call(
        this.deps.replica(topicName, partition, assignment.leader),
        topic,
        assignment,
      );
    } catch (err) {
      unreachable = true;
      result = fail("UNAVAILABLE", `partition ${topicName}/${partition} is unavailable`, {
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    if (result.ok) return result;
    // Any failure may come from stale metadata (a moved leader, a recreated topic): one more
    // catalog read on a failure path is cheap, answering from a stale leader again is not.
    this.forget(topicName);
    if (unreachable || (result.error.code === "UNAVAILABLE" && result.retrySafe === true)) {
      // The catalog checks the leader itself before it elects another.
      await this.deps
        .catalog()
        .failover(topicName, partition, assignment.leaderEpoch)
        .catch(() => undefined);
    }
    return result;
  }
}
