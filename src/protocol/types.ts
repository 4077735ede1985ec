// The wire contract's shapes (DESIGN.md §4), shared by the server, the SDK and the CLI.

export type Acks = 0 | 1 | "all";
/** Kafka's cleanup.policy: delete by retention, keep the newest record per key, or both. */
export type CleanupPolicy = "delete" | "compact" | "compact,delete";
export type Headers = Record<string, string>;

/** Topic configuration as stored and described. Optional fields are absent when unset. */
export interface TopicConfig {
  replicationFactor: number;
  minInsyncReplicas: number;
  replicaLagMs: number;
  cleanupPolicy: CleanupPolicy;
  retentionMs?: number;
  retentionBytes?: number;
  minCompactionLagMs?: number;
  deleteRetentionMs?: number;
  placement?: string[];
}

/** The catalog's view of one partition: where its replicas are and who leads. */
export interface PartitionAssignment {
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

/** What the gateway caches per topic. `topicId` fences requests aimed at a deleted topic. */
export interface TopicMetadata {
  name: string;
  topicId: string;
  createdAt: number;
  config: TopicConfig;
  partitions: PartitionAssignment[];
  /** A topic edgelog made for its own use (a query's repartition topic); absent otherwise. */
  internal?: true;
}

export interface PartitionOffsets {
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
}

/** What a partition's leader holds on disk: the numbers retention and compaction move. */
export interface PartitionStorage {
  /** UTF-8 bytes of the stored records (as fetch returns them). */
  bytes: number;
  /** Stored batch rows. */
  batches: number;
  /** Stored records: fewer than the offsets between log start and end once compacted. */
  records: number;
}

/** A partition as `GET /v1/topics/:t` describes it: its leader answered with offsets and storage. */
export interface AvailablePartitionDescription extends PartitionAssignment, PartitionOffsets {
  storage: PartitionStorage;
  error?: undefined;
}

/**
 * A partition whose leader could not be asked (every in-sync replica unreachable): the
 * catalog's view (leader, epoch, replicas, ISR) with offsets and storage unknown, and why, in
 * the per-partition error form of a 207 produce answer.
 */
export interface UnavailablePartitionDescription extends PartitionAssignment {
  logStartOffset: null;
  highWatermark: null;
  logEndOffset: null;
  storage: null;
  error: import("./errors.js").ErrorBody;
}

/** Narrow with `error === undefined`. */
export type PartitionDescription = AvailablePartitionDescription | UnavailablePartitionDescription;

export interface TopicDescription {
  name: string;
  topicId: string;
  config: TopicConfig;
  partitions: PartitionDescription[];
}

export interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: TopicConfig;
  /** Present on a topic edgelog made for its own use (stream-sql.md: repartition topics). */
  internal?: true;
}

/** One record as a producer sends it. */
export interface ProduceRecord {
  key?: string | null;
  keyBase64?: string;
  value?: unknown;
  valueBase64?: string;
  headers?: Headers;
  partition?: number;
  timestamp?: number;
}

export interface RecordOffset {
  partition: number;
  offset: number;
  timestamp: number;
}

export interface ProduceResponse {
  offsets: Array<RecordOffset | { partition: number; error: import("./errors.js").ErrorBody }>;
}

/**
 * The produce answer asked for with `?answer=compact`: per partition, in the order of its first
 * record in the request, its records' offsets baseOffset … baseOffset + count − 1 in request
 * order. `timestamp` is the log-append time (records sent with a timestamp keep theirs); a
 * retried batch gives each record's stored `timestamps` instead; a failed partition, its error.
 */
export interface CompactProduceResponse {
  partitions: Array<
    | { partition: number; baseOffset: number; count: number; timestamp: number }
    | {
        partition: number;
        baseOffset: number;
        count: number;
        timestamps: number[];
        duplicate: true;
      }
    | { partition: number; count: number; error: import("./errors.js").ErrorBody }
  >;
  /** Every partition's share was a retried batch. */
  duplicate?: true;
}

/** One record as a consumer receives it; `keyBase64`/`valueBase64` replace key/value for bytes. */
export interface FetchedRecord {
  offset: number;
  timestamp: number;
  key?: string | null;
  keyBase64?: string;
  value?: unknown;
  valueBase64?: string;
  headers: Headers;
}

export interface FetchResponse {
  records: FetchedRecord[];
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
}

export interface OffsetsResponse extends PartitionOffsets {
  offset?: number | null;
}

/** The two kinds of group sharing one namespace of names: consumer groups and share groups. */
export type GroupProtocol = "consumer" | "share";

/** Server-side assignors of consumer groups (KIP-848). */
export type AssignorName = "cooperative-sticky" | "range" | "roundrobin";
export const ASSIGNORS: readonly AssignorName[] = ["cooperative-sticky", "range", "roundrobin"];

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface OffsetCommit {
  topic: string;
  partition: number;
  offset: number;
  metadata: string;
}

/** What every row of a group's offsets has: the partition and the group's own commit. */
interface GroupOffsetBase {
  topic: string;
  partition: number;
  offset: number | null;
  metadata: string | null;
}

/** A row whose partition's leader answered with where the partition stands. */
export interface AvailableGroupOffset extends GroupOffsetBase {
  highWatermark: number;
  /** Retention may have moved past `offset`: a consumer then resumes here (auto.offset.reset). */
  logStartOffset: number;
  /**
   * Records from where the group resumes, max(offset, logStartOffset), to the high watermark;
   * without a commit, every record in the log (highWatermark − logStartOffset).
   */
  lag: number;
  error?: undefined;
}

/**
 * A row whose partition's leader could not be asked (every in-sync replica unreachable): the
 * commit is the group's own data and still known; the partition's bounds and so the lag are
 * not (Kafka's consumer-groups tool prints `-`), with why, as a topic's description has it.
 */
export interface UnavailableGroupOffset extends GroupOffsetBase {
  highWatermark: null;
  logStartOffset: null;
  lag: null;
  error: import("./errors.js").ErrorBody;
}

/**
 * One partition of a group's topics (those its members subscribe to, and those it committed
 * in), with where the partition stands. `offset` and `metadata` are null where the group has
 * committed nothing (Kafka's `-`). Narrow with `error === undefined`.
 */
export type GroupOffset = AvailableGroupOffset | UnavailableGroupOffset;

export type GroupState = "Empty" | "Reconciling" | "Stable";

/** A member as `GET /v1/groups/:g` describes it. */
export interface GroupMemberDescription {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  topics: string[];
  /** What the member may own now. */
  assignment: TopicPartitions[];
  /** What the assignor wants it to own once others let go. */
  targetAssignment: TopicPartitions[];
  /** A static member that left and keeps its partitions until it returns or expires. */
  departed: boolean;
  sessionTimeoutMs: number;
  /** The client's name for itself (Kafka's client.id), null when it gave none. */
  clientId: string | null;
  /** The address it joined from as the gateway saw it (CF-Connecting-IP), null when unknown. */
  host: string | null;
}

/**
 * A row of `GET /v1/groups/:g`: with `lagSeconds`, the age of the oldest record the group has
 * not consumed (0 without lag; null where the partition's leader could not be asked).
 */
export type DescribedGroupOffset = GroupOffset & { lagSeconds: number | null };

/** `GET /v1/groups/:g` of a KIP-848 group (members join over HTTP). */
export interface ConsumerGroupDescription {
  groupId: string;
  /** Kafka's group type: "consumer" is KIP-848's protocol, "classic" JoinGroup/SyncGroup's. */
  groupType: "consumer";
  state: GroupState;
  groupEpoch: number;
  assignor: string;
  members: GroupMemberDescription[];
  offsets: DescribedGroupOffset[];
}

/** One entry of `GET /v1/groups` for a KIP-848 group. */
export interface ConsumerGroupSummary {
  groupId: string;
  groupType: "consumer";
  state: GroupState;
  groupEpoch: number;
  members: number;
}

/** Kafka's classic group states; a deleted group (Kafka's Dead) is GROUP_NOT_FOUND. */
export type ClassicGroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable";

/** A classic member as `GET /v1/groups/:g` describes it. */
export interface ClassicMemberDescription {
  memberId: string;
  instanceId: string | null;
  clientId: string | null;
  host: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** Subscribed topics, read from its metadata when the protocol type is "consumer", else []. */
  topics: string[];
  /** Its assignment read as Kafka's consumer protocol; [] when none or not that protocol. */
  assignment: TopicPartitions[];
  /** The assignment's bytes as the leader gave them ("" before the leader's SyncGroup). */
  assignmentBase64: string;
  /** Its metadata for the group's protocol ("" while none is chosen). */
  metadataBase64: string;
}

/** `GET /v1/groups/:g` of a classic group (Kafka's JoinGroup/SyncGroup, client-side assignment). */
export interface ClassicGroupDescription {
  groupId: string;
  groupType: "classic";
  /** "consumer" for Kafka consumers; other classic users (e.g. "connect") pass theirs. */
  protocolType: string;
  state: ClassicGroupState;
  generationId: number;
  /** The protocol (for consumers, the assignor) every member supports; null when Empty. */
  protocolName: string | null;
  leaderId: string | null;
  members: ClassicMemberDescription[];
  offsets: DescribedGroupOffset[];
}

export type GroupDescription = ConsumerGroupDescription | ClassicGroupDescription;

/** One entry of `GET /v1/groups` for a classic group. */
export interface ClassicGroupSummary {
  groupId: string;
  groupType: "classic";
  protocolType: string;
  state: ClassicGroupState;
  generationId: number;
  members: number;
}

export type GroupSummary = ConsumerGroupSummary | ClassicGroupSummary;

/** One minute of `GET /v1/topics/:t/activity`: `minute` is its start (ms since the epoch). */
export interface ActivityMinute {
  minute: number;
  recordsIn: number;
  bytesIn: number;
  recordsOut: number;
  bytesOut: number;
}

/** One sample of `GET /v1/groups/:g/lag-history`, per topic. */
export interface LagHistorySample {
  timestamp: number;
  topic: string;
  lagRecords: number;
  lagSeconds: number;
}
