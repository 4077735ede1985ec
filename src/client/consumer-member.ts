// A consumer's membership of its group over HTTP: join, heartbeat, commit and leave under the
// member id and newest member epoch, one call at a time, plus where a partition's reading starts.
// Every call takes an abort signal: it ends the request, its retries and its wait for its turn.
import type { GroupOffset, TopicPartitions } from "../protocol/types.js";
import type { ConsumerReports } from "./consumer-report.js";
import { untilAborted } from "./consumer-sync.js";
import type { ConsumerOptions, TopicPartitionOffset } from "./consumer-types.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { apiPath, type Transport } from "./transport.js";

/** How the SDK names itself to the group (Kafka's client.id) unless told otherwise. */
const CLIENT_ID_DEFAULT = "edgelog-js";

/** A join or heartbeat answer: the member's full current assignment (KIP-848). */
export interface MemberAnswer {
  memberId?: string;
  memberEpoch: number;
  assignment: TopicPartitions[];
  heartbeatIntervalMs: number;
}

export class GroupMember {
  private memberId: string | null = null;
  private memberEpoch = 0;
  /**
   * Heartbeats and commits go one at a time: a heartbeat answer may move the epoch, and a commit
   * sent alongside it with the old one would be fenced although the member is fine.
   */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    private readonly options: ConsumerOptions,
    private readonly reports: ConsumerReports,
  ) {}

  get joined(): boolean {
    return this.memberId !== null;
  }

  async join(topics: string[], signal: AbortSignal): Promise<MemberAnswer> {
    const { sessionTimeoutMs, rebalanceTimeoutMs, assignor, instanceId } = this.options;
    const clientId = this.options.clientId ?? CLIENT_ID_DEFAULT;
    const body = { topics, sessionTimeoutMs, rebalanceTimeoutMs, assignor, instanceId, clientId };
    const answer = await withRetry(
      () => this.transport.request<MemberAnswer>("POST", this.path("members"), { body, signal }),
      this.retry,
      this.reports.watch({ operation: "join" }),
      signal,
    );
    this.memberId = answer.memberId ?? null;
    this.memberEpoch = answer.memberEpoch;
    this.reports.log.write("debug", `joined group ${this.options.groupId}`, {
      groupId: this.options.groupId,
      memberId: this.memberId,
      memberEpoch: this.memberEpoch,
    });
    return answer;
  }

  /**
   * Reports what the member owns, and its whole new topic list when the subscription changed;
   * answers its assignment (FENCED/UNKNOWN: membership lost).
   */
  heartbeat(
    owned: TopicPartitions[],
    topics: string[] | undefined,
    signal: AbortSignal,
  ): Promise<MemberAnswer | null> {
    return this.serially(signal, async () => {
      const memberId = this.memberId;
      if (memberId === null) return null;
      // `topics` absent (undefined is not serialised) keeps the subscription the coordinator has.
      const body = { memberEpoch: this.memberEpoch, owned, topics };
      const path = this.path("members", memberId, "heartbeat");
      const answer = await withRetry(
        () => this.transport.request<MemberAnswer>("POST", path, { body, signal }),
        this.retry,
        this.reports.watch({ operation: "heartbeat" }),
        signal,
      );
      this.memberEpoch = answer.memberEpoch;
      return answer;
    });
  }

  /** Commits offsets (each the next to read), computed when its turn comes (none: no call). */
  commit(
    offsets: () => TopicPartitionOffset[],
    signal?: AbortSignal,
  ): Promise<TopicPartitionOffset[]> {
    return this.serially(signal, async () => {
      const list = offsets();
      if (list.length === 0) return list;
      if (this.memberId === null) throw new TypeError("not a group member: run() first");
      const body = { memberId: this.memberId, memberEpoch: this.memberEpoch, offsets: list };
      // A commit writes absolute offsets, so repeating it after an unknown outcome is safe.
      await withRetry(
        () => this.transport.request("POST", this.path("offsets"), { body, signal }),
        this.retry,
        this.reports.watch({ operation: "commit" }),
        signal,
      );
      return list;
    });
  }

  /** Leaves the group (once); the member's partitions go to the others at once. */
  leave(signal: AbortSignal): Promise<void> {
    return this.serially(signal, async () => {
      const memberId = this.memberId;
      this.memberId = null;
      if (memberId === null) return;
      await this.transport.request("DELETE", this.path("members", memberId), { signal });
    });
  }

  /** Membership was lost (fenced or expired): the next call must be a join. */
  forget(): void {
    this.memberId = null;
  }

  /** The committed offset (at least the log start, after retention), else the reset policy's. */
  async startOffset(topic: string, partition: number, signal: AbortSignal) {
    const { offsets } = await withRetry(
      () =>
        this.transport.request<{ offsets: GroupOffset[] }>("GET", this.path("offsets"), { signal }),
      this.retry,
      { log: this.reports.log, operation: `read the offsets of group ${this.options.groupId}` },
      signal,
    );
    const entry = offsets.find((o) => o.topic === topic && o.partition === partition);
    if (entry !== undefined && entry.offset !== null) {
      // A row whose partition could not be asked has no log start: the committed offset is
      // still a safe start, as a first fetch below the log start (retention moved on) fails
      // OFFSET_OUT_OF_RANGE with the log start, and the reader resumes there: the same
      // max(offset, logStartOffset) this row would have given.
      const start = entry.error === undefined ? Math.max(entry.offset, entry.logStartOffset) : null;
      return { offset: start ?? entry.offset, committed: entry.offset };
    }
    // Uncommitted partitions are listed with their bounds; one the list lacks, or could not
    // read (its leader unreachable), is asked for: its retries delay only this partition.
    const path = apiPath("topics", topic, "partitions", partition, "offsets");
    const listed = entry?.error === undefined ? entry : undefined;
    const bounds =
      listed ??
      (await withRetry(
        () =>
          this.transport.request<{ logStartOffset: number; highWatermark: number }>("GET", path, {
            signal,
          }),
        this.retry,
        // Part of the partition's first fetch, whose failures it reports: one streak for both.
        this.reports.watch({ operation: "fetch", topic, partition }),
        signal,
      ));
    // Kafka's auto.offset.reset: earliest with fromBeginning, else latest.
    const offset = this.options.fromBeginning ? bounds.logStartOffset : bounds.highWatermark;
    return { offset, committed: null };
  }

  /**
   * Runs group calls one after another; a failure does not block the next. A call whose signal
   * aborts stops waiting for its turn (and is skipped when the turn comes).
   */
  private serially<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    const turn = () => {
      signal?.throwIfAborted();
      return task();
    };
    const run = this.chain.then(turn, turn);
    this.chain = run.catch(() => undefined);
    return signal === undefined ? run : untilAborted(run, signal);
  }

  private path(...rest: Array<string | number>): string {
    return apiPath("groups", this.options.groupId, ...rest);
  }
}
