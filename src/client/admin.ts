// The SDK's admin client (KafkaJS's `admin()`): topics, consumer groups and offsets, one method
// per route of DESIGN.md §4, retried only where the route is safe to repeat.
import type { ResetTarget } from "../protocol/group-request.js";
import type { ShareGroupConfig, ShareGroupDescription } from "../protocol/share-group-request.js";
import type { AlterTopicRequest } from "../protocol/topic-request.js";
import type {
  ActivityMinute,
  AvailableGroupOffset,
  GroupDescription,
  GroupOffset,
  GroupSummary,
  LagHistorySample,
  OffsetCommit,
  TopicConfig,
  TopicDescription,
  TopicSummary,
  UnavailableGroupOffset,
} from "../protocol/types.js";
import type { ClientLog } from "./client-log.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

export type CreateTopicOptions = Partial<TopicConfig> & { name: string; partitions?: number };
export type {
  ActivityMinute,
  AvailableGroupOffset,
  GroupDescription,
  GroupOffset,
  GroupSummary,
  LagHistorySample,
  ResetTarget,
  ShareGroupConfig,
  ShareGroupDescription,
  UnavailableGroupOffset,
};

export interface PartitionOffsets {
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
  offset?: number | null;
}

export class Admin {
  constructor(
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    private readonly log: ClientLog,
  ) {}

  /** Reads are repeated on retriable errors (each retry logged); writes are sent once. */
  private read<T>(route: string, query?: Record<string, string | number | undefined>) {
    const watch = { log: this.log, operation: `GET ${route}` };
    return withRetry(() => this.transport.request<T>("GET", route, { query }), this.retry, watch);
  }

  createTopic(options: CreateTopicOptions): Promise<TopicDescription> {
    return this.transport.request("POST", "/v1/topics", { body: options });
  }

  async listTopics(): Promise<TopicSummary[]> {
    return (await this.read<{ topics: TopicSummary[] }>("/v1/topics")).topics;
  }

  describeTopic(topic: string): Promise<TopicDescription> {
    return this.read(apiPath("topics", topic));
  }

  alterTopic(
    topic: string,
    changes: AlterTopicRequest["config"] & { partitions?: number },
  ): Promise<TopicDescription> {
    return this.transport.request("PATCH", apiPath("topics", topic), { body: changes });
  }

  async deleteTopic(topic: string): Promise<void> {
    await this.transport.request("DELETE", apiPath("topics", topic));
  }

  /** Log start, high watermark and log end; with `timestamp`, the first offset at or after it. */
  partitionOffsets(
    topic: string,
    partition: number,
    timestamp?: number,
  ): Promise<PartitionOffsets> {
    return this.read(apiPath("topics", topic, "partitions", partition, "offsets"), { timestamp });
  }

  async listGroups(): Promise<GroupSummary[]> {
    return (await this.read<{ groups: GroupSummary[] }>("/v1/groups")).groups;
  }

  /**
   * State, members with their assignments, and committed offsets with lag (rows as
   * `groupOffsets` has them).
   */
  describeGroup(groupId: string): Promise<GroupDescription> {
    return this.read(apiPath("groups", groupId));
  }

  /**
   * A row per partition of the group's topics. A partition whose leader could not be asked keeps
   * its commit with `highWatermark`, `logStartOffset` and `lag` null and its `error`: narrow with
   * `error === undefined`.
   */
  async groupOffsets(groupId: string): Promise<GroupOffset[]> {
    return (await this.read<{ offsets: GroupOffset[] }>(apiPath("groups", groupId, "offsets")))
      .offsets;
  }

  /** Rewrites a topic's offsets for a group with no active member (GROUP_NOT_EMPTY otherwise). */
  resetOffsets(
    groupId: string,
    topic: string,
    to: ResetTarget,
  ): Promise<{ offsets: OffsetCommit[] }> {
    return this.transport.request("POST", apiPath("groups", groupId, "offsets", "reset"), {
      body: { topic, to },
    });
  }

  /** Records and bytes in and out per minute over the last `minutes` (1 to 1440), oldest first. */
  async topicActivity(topic: string, minutes: number): Promise<ActivityMinute[]> {
    const path = `${apiPath("topics", topic, "activity")}?minutes=${minutes}`;
    return (await this.read<{ minutes: ActivityMinute[] }>(path)).minutes;
  }

  /** The group's lag samples over the last `minutes` (1 to 1440), of one topic or all. */
  async lagHistory(groupId: string, minutes: number, topic?: string): Promise<LagHistorySample[]> {
    const query = new URLSearchParams({ minutes: String(minutes) });
    if (topic !== undefined) query.set("topic", topic);
    const path = `${apiPath("groups", groupId, "lag-history")}?${query}`;
    return (await this.read<{ samples: LagHistorySample[] }>(path)).samples;
  }

  async deleteGroup(groupId: string): Promise<void> {
    await this.transport.request("DELETE", apiPath("groups", groupId));
  }

  /** Creates a share group (or changes its config: the answer says which, 201 or 200). */
  putShareGroup(group: string, config: ShareGroupConfigInput): Promise<ShareGroupConfig> {
    return this.transport.request("PUT", apiPath("share-groups", group), { body: config });
  }

  async listShareGroups(): Promise<ShareGroupSummary[]> {
    return (await this.read<{ groups: ShareGroupSummary[] }>("/v1/share-groups")).groups;
  }

  describeShareGroup(group: string): Promise<ShareGroupDescription> {
    return this.read(apiPath("share-groups", group));
  }

  async deleteShareGroup(group: string): Promise<void> {
    await this.transport.request("DELETE", apiPath("share-groups", group));
  }
}

/** A share group's config as sent: every field but `topics` has a server default. */
export type ShareGroupConfigInput = Partial<ShareGroupConfig> & { topics: string[] };

export interface ShareGroupSummary {
  groupId: string;
  topics: string[];
  lagRecords: number;
}
