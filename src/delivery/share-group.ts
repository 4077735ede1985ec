// A share group (KIP-932 over HTTP, design/delivery.md): many consumers lease records of the
// same partitions, ack each, and get released or expired records again, up to a delivery limit.
// State lives in the object's SQLite; records are read from partition leaders on demand. Lease
// expiry runs lazily on each call and on the alarm, which is set only while leases or dead
// letters are outstanding: an idle group has no alarm and costs nothing.
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import { fanOut } from "../catalog/fan-out.js";
import type { Sql, Transaction } from "../log/sql.js";
import { EdgelogError, unwrap } from "../protocol/errors.js";
import { CATALOG_FANOUT_MAX, METADATA_CACHE_MS } from "../protocol/limits.js";
import type {
  AckResult,
  ShareAck,
  ShareGroupConfig,
  ShareGroupDescription,
  ShareRecordsAnswer,
  ShareRecordsRequest,
} from "../protocol/share-group-request.js";
import { PartitionClient, type PartitionDeps } from "./partition-client.js";
import { ShareDeadLetters } from "./share-dead-letters.js";
import { ShareFetcher } from "./share-fetcher.js";
import { ShareLeases } from "./share-leases.js";
import { ShareStore } from "./share-store.js";

export interface ShareGroupDeps extends PartitionDeps {
  sql: Sql;
  transaction: Transaction;
  catalog(): CatalogRpc;
  /** Asks for an alarm at `at`, or none. */
  setAlarm(at: number | null): Promise<void>;
}

export class ShareGroup {
  private readonly store: ShareStore;
  private readonly leases: ShareLeases;
  private readonly partitions: PartitionClient;
  private readonly fetcher: ShareFetcher;
  private readonly deadLetters: ShareDeadLetters;
  private partitionsCheckedAt = 0;
  private refreshing: Promise<void> | null = null;
  /** The alarm as last set here; undefined: not known since the object started. */
  private alarmAt: number | null | undefined;

  constructor(private readonly deps: ShareGroupDeps) {
    this.store = new ShareStore(deps.sql, deps.transaction);
    this.leases = new ShareLeases(this.store);
    this.partitions = new PartitionClient(deps);
    this.fetcher = new ShareFetcher(this.store, this.leases, this.partitions, deps.now);
    this.deadLetters = new ShareDeadLetters(
      this.store,
      this.partitions,
      async () => {
        const group = this.requireGroup();
        return deps.catalog().initProducer(`share-group/${group.groupId}`);
      },
      deps.now,
    );
  }

  /** Creates or changes the group; new partitions start where `startAt` says. */
  async configure(groupId: string, config: ShareGroupConfig): Promise<{ created: boolean }> {
    for (const topic of config.topics) await this.partitions.topic(topic);
    if (config.deadLetterTopic !== undefined) await this.partitions.topic(config.deadLetterTopic);
    const created = this.store.loadGroup() === null;
    if (created) unwrap(await this.deps.catalog().registerGroup(groupId, true, "share"));
    await this.startPartitions(config.topics, config.startAt);
    this.store.transaction(() => {
      this.store.saveGroup(groupId, config);
      this.store.dropTopics(config.topics);
    });
    this.fetcher.notify();
    return { created };
  }

  config(): ShareGroupConfig {
    return this.requireGroup().config;
  }

  async describe(): Promise<ShareGroupDescription> {
    const group = this.requireGroup();
    this.expire(group.config);
    const partitions = await fanOut(this.store.partitions(), CATALOG_FANOUT_MAX, async (share) => {
      const counts = this.store.counts(share.topic, share.partition);
      const offsets = await this.partitions.offsets(share.topic, share.partition, share.topicId);
      // Unreachable now: what the group itself knows, nothing counted beyond it.
      const endOffset = offsets.ok ? offsets.highWatermark : share.endOffset;
      return {
        topic: share.topic,
        partition: share.partition,
        startOffset: share.startOffset,
        endOffset,
        leased: counts.acquired,
        available: counts.available + Math.max(0, endOffset - share.endOffset),
        archived: share.archived,
      };
    });
    await this.schedule();
    const lagRecords = partitions.reduce((sum, p) => sum + p.leased + p.available, 0);
    return { groupId: group.groupId, config: group.config, partitions, lagRecords };
  }

  async records(request: ShareRecordsRequest): Promise<ShareRecordsAnswer> {
    const { config } = this.requireGroup();
    await this.refreshPartitions(config);
    try {
      return await this.fetcher.lease(config, request, () => this.expire(config));
    } finally {
      await this.schedule();
    }
  }

  async acks(acks: ShareAck[]): Promise<AckResult[]> {
    const { config } = this.requireGroup();
    this.expire(config);
    const results = this.leases.ack(config, acks, this.deps.now());
    this.fetcher.notify();
    await this.schedule();
    return results;
  }

  async deleteGroup(): Promise<void> {
    const group = this.requireGroup();
    this.store.clear();
    this.fetcher.forget();
    this.fetcher.notify();
    await this.setAlarm(null);
    await this.deps.catalog().registerGroup(group.groupId, false, "share");
  }

  /** The alarm: overdue leases end, dead letters are written, and the next alarm is set. */
  async alarm(): Promise<void> {
    this.alarmAt = null;
    const group = this.store.loadGroup();
    if (group === null) return;
    this.expire(group.config);
    await this.deadLetters.drain();
    await this.schedule();
  }

  private expire(config: ShareGroupConfig): void {
    if (this.leases.expire(config, this.deps.now()) > 0) this.fetcher.notify();
  }

  /** An alarm only while leases or dead letters are outstanding. */
  private async schedule(): Promise<void> {
    const leaseAt = this.store.earliestLeaseDeadline();
    const drainAt = this.deadLetters.nextDrainAt();
    const at = leaseAt === null ? drainAt : drainAt === null ? leaseAt : Math.min(leaseAt, drainAt);
    // An alarm already set no later than needed fires in time; it sets the next one itself.
    if (at !== null && this.alarmAt != null && this.alarmAt <= at) return;
    if (at === null && this.alarmAt === null) return;
    await this.setAlarm(at);
  }

  private async setAlarm(at: number | null): Promise<void> {
    this.alarmAt = at;
    await this.deps.setAlarm(at);
  }

  /** Partitions added to a topic (or a recreated topic) are found every few seconds. */
  private refreshPartitions(config: ShareGroupConfig): Promise<void> {
    if (this.deps.now() - this.partitionsCheckedAt < METADATA_CACHE_MS) return Promise.resolve();
    this.refreshing ??= this.startPartitions(config.topics, "earliest")
      .catch(() => undefined) // a missing topic leases nothing; the group goes on with the rest
      .finally(() => {
        this.partitionsCheckedAt = this.deps.now();
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /**
   * Starts the share partitions not known yet (or of a new topic incarnation): at the log start
   * (`earliest`, and always for partitions found after the group was made) or the high watermark.
   */
  private async startPartitions(topics: string[], startAt: "earliest" | "latest"): Promise<void> {
    for (const name of topics) {
      const topic = await this.partitions.topic(name);
      await fanOut(topic.partitions, CATALOG_FANOUT_MAX, async ({ partition }) => {
        if (this.store.partition(name, partition)?.topicId === topic.topicId) return;
        const offsets = unwrap(await this.partitions.offsets(name, partition, topic.topicId));
        const offset = startAt === "latest" ? offsets.highWatermark : offsets.logStartOffset;
        // Checked again: another call may have started it during the await.
        if (this.store.partition(name, partition)?.topicId === topic.topicId) return;
        this.store.startPartition(name, partition, topic.topicId, offset);
        this.fetcher.forget(name, partition);
      });
    }
    this.partitionsCheckedAt = this.deps.now();
  }

  private requireGroup() {
    const group = this.store.loadGroup();
    if (group === null) throw new EdgelogError("GROUP_NOT_FOUND", "no such share group");
    return group;
  }
}
