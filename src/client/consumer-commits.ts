// A consumer's commits: the application's own, one queued background commit of everything
// processed (autoCommit), and the commit that releases partitions; each notes what it committed.
import type { GroupMember } from "./consumer-member.js";
import { type PartitionReader, readerKey } from "./consumer-partition.js";
import type { ConsumerReports } from "./consumer-report.js";
import type { TopicPartitionOffset } from "./consumer-types.js";

export class ConsumerCommits {
  private queued = false;

  constructor(
    private readonly member: GroupMember,
    /** The readers of the partitions the member holds, by readerKey. */
    private readonly readers: ReadonlyMap<string, PartitionReader>,
    readonly autoCommit: boolean,
    /** Aborted by disconnect(): background commits in flight end at once. */
    private readonly stopping: AbortSignal,
    private readonly reports: ConsumerReports,
  ) {}

  /** Commits offsets (each the next offset to read) of partitions this member holds. */
  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    this.markCommitted(await this.member.commit(() => offsets));
  }

  /** Queues one commit of everything processed; calls while it waits add nothing. */
  schedule(): void {
    if (!this.autoCommit || this.queued) return;
    this.queued = true;
    // The offsets are read when the commit's turn comes, so one request carries them all.
    const all = () => {
      this.queued = false;
      return [...this.readers.values()];
    };
    // Abandoned by disconnect(), whose own commit carries the same offsets.
    this.processed(all, this.stopping).catch(() => undefined);
  }

  /** Commits what the readers processed and did not commit yet. */
  async processed(readers: PartitionReader[] | (() => PartitionReader[]), signal: AbortSignal) {
    const dirty = () =>
      (typeof readers === "function" ? readers() : readers)
        .filter((r) => r.processed !== null && r.processed !== r.committed)
        .map((r) => ({ topic: r.topic, partition: r.partition, offset: r.processed as number }));
    try {
      this.markCommitted(await this.member.commit(dirty, signal));
    } catch (err) {
      // A background commit abandoned by disconnect() is no failure: its own commit follows.
      const abandoned = signal === this.stopping && signal.aborted;
      if (!abandoned) this.reports.report(err, { operation: "commit" });
      throw err;
    }
  }

  private markCommitted(offsets: TopicPartitionOffset[]): void {
    for (const { topic, partition, offset } of offsets) {
      const reader = this.readers.get(readerKey(topic, partition));
      if (reader !== undefined) reader.committed = offset;
    }
  }
}
