// Who leads each partition after the catalog created it: ISR changes from the leader, elections
// when a leader is gone, and telling a returning replica who leads now. The caller (TopicCatalog)
// runs these one at a time with its other mutations.

import { EdgelogError } from "../protocol/errors.js";
import type { TopicMetadata } from "../protocol/types.js";
import { electNewLeader } from "./election.js";
import { partitionOf, type ReplicaLocator } from "./partition-placement.js";
import type { TopicStore } from "./topic-store.js";
import type { TopicWatchers } from "./topic-watchers.js";

export interface IsrChange {
  topic: string;
  partition: number;
  leaderEpoch: number;
  isr: number[];
}

export class PartitionLeadership {
  constructor(
    private readonly store: TopicStore,
    private readonly replica: ReplicaLocator,
    private readonly watchers: TopicWatchers,
    /** The topic's metadata, or TOPIC_NOT_FOUND. */
    private readonly topic: (name: string) => TopicMetadata,
  ) {}

  /** A leader's ISR change (KIP-497's AlterPartition): only the current epoch's leader may. */
  async alterIsr(change: IsrChange): Promise<void> {
    const topic = this.topic(change.topic);
    const current = partitionOf(topic, change.partition);
    if (change.leaderEpoch !== current.leaderEpoch) {
      throw new EdgelogError("NOT_LEADER", `epoch ${change.leaderEpoch} is not current`, {
        leaderEpoch: current.leaderEpoch,
      });
    }
    const valid =
      change.isr.includes(current.leader) && change.isr.every((r) => current.replicas.includes(r));
    if (!valid) throw new EdgelogError("INVALID_REQUEST", "ISR must hold the leader and replicas");
    this.store.putPartition(topic.name, {
      ...current,
      isr: [...change.isr].sort((a, b) => a - b),
    });
  }

  /**
   * The gateway could not reach the leader of `leaderEpoch`: if it is really gone, elect the
   * in-sync replica with the longest log (DESIGN.md §3). Answers the topic as it now stands.
   */
  async failover(name: string, partition: number, leaderEpoch: number): Promise<TopicMetadata> {
    const topic = this.topic(name);
    const current = partitionOf(topic, partition);
    if (current.leaderEpoch !== leaderEpoch) return topic; // someone else already moved it
    const next = await electNewLeader(topic, current, (r) => this.replica(name, partition, r));
    if (next === null) return topic;
    this.store.putPartition(name, next);
    // Watches armed on the old leader are not on the new one: their owners arm again there.
    this.watchers.wakeAll(name, [partition]);
    return this.topic(name);
  }

  /** A replica is back: tell it who leads now, so a stale leader steps down and catches up. */
  async replicaUp(name: string, partition: number, replica: number): Promise<TopicMetadata> {
    const topic = this.topic(name);
    const current = partitionOf(topic, partition);
    if (replica !== current.leader) {
      await this.replica(name, partition, replica)
        .becomeFollower({
          topicId: topic.topicId,
          leaderEpoch: current.leaderEpoch,
          leader: current.leader,
          replicas: current.replicas,
        })
        .catch(() => undefined);
    }
    return topic;
  }
}
