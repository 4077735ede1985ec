// The partitions a consumer member holds (KIP-848's owned partitions): an assignment taken in
// starts readers for what is new and cooperatively revokes what went; a lost membership stops
// them all. The user's onPartitions* callbacks run here, around those moves.
import type { TopicPartitions } from "../protocol/types.js";
import type { ConsumerCommits } from "./consumer-commits.js";
import { PartitionReader, type ReaderContext, readerKey } from "./consumer-partition.js";
import type { ConsumerReports } from "./consumer-report.js";
import { settlesWithin } from "./consumer-sync.js";
import type { RunOptions, TopicPartitionOffset } from "./consumer-types.js";

export interface OwnershipContext {
  /** Partitions held and listed as owned: reading, or being revoked (shared with commits). */
  readers: Map<string, PartitionReader>;
  commits: ConsumerCommits;
  reports: ConsumerReports;
  groupId: string;
  /** How long stopping readers (their handlers in flight) may take. */
  revokeWaitMs: number;
  /** How long a revocation's commit may take. */
  closeMs: number;
  handlers: () => RunOptions | null;
  readerContext: () => ReaderContext;
  /** A revocation finished: the coordinator should hear it now, the new owner is waiting. */
  released: () => void;
}

export class PartitionOwnership {
  /** Revocations under way: a later heartbeat answer must not start them twice. */
  private readonly revoking = new Map<PartitionReader, Promise<void>>();
  private readonly seeks = new Map<string, number>();

  constructor(private readonly context: OwnershipContext) {}

  /** The next fetch of the partition starts at `offset` (kept until it is assigned, if it is not). */
  seek(input: TopicPartitionOffset): void {
    const key = readerKey(input.topic, input.partition);
    const reader = this.context.readers.get(key);
    if (reader === undefined) this.seeks.set(key, input.offset);
    else reader.seek(input.offset);
  }

  /** What a heartbeat lists as owned. */
  owned(): TopicPartitions[] {
    const topics = new Map<string, number[]>();
    for (const { topic, partition } of this.context.readers.values()) {
      topics.set(topic, [...(topics.get(topic) ?? []), partition]);
    }
    return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
  }

  /** Reconciles with an assignment: new partitions start, those no longer in it are revoked. */
  adopt(assignment: TopicPartitions[]): void {
    const readers = this.context.readers;
    const assigned = new Set<string>();
    const added: PartitionReader[] = [];
    for (const { topic, partitions } of assignment) {
      for (const partition of partitions) {
        const k = readerKey(topic, partition);
        assigned.add(k);
        if (readers.has(k)) continue;
        const reader = new PartitionReader(
          topic,
          partition,
          this.context.readerContext(),
          this.seeks.get(k),
        );
        this.seeks.delete(k);
        readers.set(k, reader);
        added.push(reader);
      }
    }
    const revoked = [...readers.entries()]
      .filter(([k, reader]) => !assigned.has(k) && !this.revoking.has(reader))
      .map(([, reader]) => reader);
    if (revoked.length > 0) this.revoke(revoked);
    if (added.length > 0) void this.assign(added);
  }

  /** Waits for the revocations under way (at most the time readers have to stop). */
  async revocationsSettled(): Promise<void> {
    await settlesWithin(Promise.all(this.revoking.values()), this.context.revokeWaitMs);
  }

  /** Disconnect: releases everything still held, its commit given up when `deadline` aborts. */
  async releaseAll(deadline: AbortSignal): Promise<void> {
    await this.release([...this.context.readers.values()], deadline);
  }

  /** Membership lost (fenced or expired): every reader stops, nothing is committed. */
  async lose(): Promise<void> {
    const readers = [...this.context.readers.values()];
    this.context.readers.clear();
    await settlesWithin(Promise.all(readers.map((r) => r.stop())), this.context.revokeWaitMs);
    await this.callback("onPartitionsLost", readers);
  }

  private async assign(readers: PartitionReader[]): Promise<void> {
    await this.callback("onPartitionsAssigned", readers);
    for (const reader of readers) reader.start();
  }

  /** Cooperative revocation, off the heartbeat: finish, commit, then stop listing as owned. */
  private revoke(readers: PartitionReader[]): void {
    const task = this.release(readers, AbortSignal.timeout(this.context.closeMs)).finally(() => {
      for (const reader of readers) this.revoking.delete(reader);
      this.context.released();
    });
    for (const reader of readers) this.revoking.set(reader, task);
  }

  /**
   * Stops readers, lets the user know, commits what they processed (given up when `deadline`
   * aborts), then forgets them.
   */
  private async release(readers: PartitionReader[], deadline: AbortSignal): Promise<void> {
    if (readers.length === 0) return;
    const { commits, revokeWaitMs } = this.context;
    await settlesWithin(Promise.all(readers.map((r) => r.stop())), revokeWaitMs);
    await this.callback("onPartitionsRevoked", readers);
    // Only partitions still held: those lost with the membership meanwhile must not commit.
    const held = readers.filter(
      (r) => this.context.readers.get(readerKey(r.topic, r.partition)) === r,
    );
    if (commits.autoCommit) await commits.processed(held, deadline).catch(() => undefined);
    for (const r of held) this.context.readers.delete(readerKey(r.topic, r.partition));
  }

  private async callback(
    name: "onPartitionsAssigned" | "onPartitionsRevoked" | "onPartitionsLost",
    readers: PartitionReader[],
  ): Promise<void> {
    const partitions = readers.map(({ topic, partition }) => ({ topic, partition }));
    const list = partitions.map(({ topic, partition }) => `${topic}/${partition}`).join(", ");
    const reports = this.context.reports;
    reports.log.write("debug", `${name}: ${list}`, { groupId: this.context.groupId });
    try {
      await this.context.handlers()?.[name]?.(partitions);
    } catch (err) {
      reports.report(err, { operation: "callback" });
    }
  }
}
