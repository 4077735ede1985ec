// The SDK's consumer (KafkaJS's `consumer()`): a consumer-group member that heartbeats, follows
// KIP-848's cooperative assignment, reads its partitions and commits after processing.
import {
  FETCH_RECORDS_DEFAULT,
  HEARTBEAT_INTERVAL_MS_MAX,
  LONG_POLL_MS_MAX,
  REBALANCE_TIMEOUT_MS_DEFAULT,
  SESSION_TIMEOUT_MS_DEFAULT,
} from "../protocol/limits.js";
import { ClientLog } from "./client-log.js";
import { ConsumerCommits } from "./consumer-commits.js";
import { GroupMember, type MemberAnswer } from "./consumer-member.js";
import { PartitionOwnership } from "./consumer-ownership.js";
import type { PartitionReader, ReaderContext } from "./consumer-partition.js";
import { PausedPartitions } from "./consumer-pauses.js";
import { ConsumerReports } from "./consumer-report.js";
import { type SentSubscription, Subscription } from "./consumer-subscription.js";
import { Slots, settlesWithin, Wakeup } from "./consumer-sync.js";
import type {
  ConsumerErrorContext,
  ConsumerOptions,
  RunOptions,
  TopicPartition,
  TopicPartitionOffset,
  TopicPartitionsSelector,
} from "./consumer-types.js";
import { EdgelogClientError } from "./errors.js";
import type { RetryOptions } from "./retry.js";
import type { Transport } from "./transport.js";

export type * from "./consumer-types.js";

/**
 * The most a release's commit (and disconnect's commit and leave together) may take: Kafka's
 * default close timeout. Never more than the session timeout either: by then the coordinator
 * has expired the member, so its commit would be fenced and its leave is moot.
 */
const CLOSE_MS_MAX = 30_000;

export class Consumer {
  private readonly subscription = new Subscription();
  /** Partitions this member holds and lists as owned: reading, or being revoked. */
  private readonly readers = new Map<string, PartitionReader>();
  private readonly ownership: PartitionOwnership;
  private readonly pauses = new PausedPartitions();
  private readonly beat = new Wakeup();
  private readonly resumed = new Wakeup();
  private readonly slots: Slots;
  private readonly revokeWaitMs: number;
  private readonly closeMs: number;
  /** Aborted by disconnect(): heartbeats, joins and background commits in flight end at once. */
  private readonly stopping = new AbortController();
  private readonly member: GroupMember;
  private readonly reports: ConsumerReports;
  private readonly commits: ConsumerCommits;
  private heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS_MAX;
  private handlers: RunOptions | null = null;
  private heartbeating: Promise<void> | null = null;
  private closing = false;

  constructor(
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    private readonly options: ConsumerOptions,
  ) {
    this.reports = new ConsumerReports(new ClientLog("consumer", options), options);
    this.member = new GroupMember(transport, retry, options, this.reports);
    this.commits = new ConsumerCommits(
      this.member,
      this.readers,
      options.autoCommit ?? true,
      this.stopping.signal,
      this.reports,
    );
    this.slots = new Slots(Math.max(1, options.maxInFlightFetches ?? 4));
    this.revokeWaitMs = options.rebalanceTimeoutMs ?? REBALANCE_TIMEOUT_MS_DEFAULT;
    this.closeMs = Math.min(options.sessionTimeoutMs ?? SESSION_TIMEOUT_MS_DEFAULT, CLOSE_MS_MAX);
    this.ownership = new PartitionOwnership({
      readers: this.readers,
      commits: this.commits,
      reports: this.reports,
      groupId: options.groupId,
      revokeWaitMs: this.revokeWaitMs,
      closeMs: this.closeMs,
      handlers: () => this.handlers,
      readerContext: () => this.readerContext(),
      released: () => this.beat.notify(),
    });
  }

  /**
   * Adds topics to the subscription, before or after `run()` (KafkaJS: subscribing adds, and
   * there is no unsubscribe; to read fewer topics, disconnect and start a consumer with the
   * shorter list). Before `run()` it only records them and resolves at once. While running, the
   * next heartbeat (sent at once) carries the whole new list as `topics`, KIP-848's subscribed
   * topic names: the coordinator rebalances, the new topics' partitions arrive in heartbeat
   * answers, and each partition it moves away is revoked as in every rebalance (handler finished,
   * `onPartitionsRevoked`, commit, release). The promise resolves once the coordinator accepted
   * the list; it rejects, and the topics this call added are dropped again, when the coordinator
   * refuses it (`TOPIC_NOT_FOUND`, `FORBIDDEN`) or the consumer disconnects first. A bad name, or
   * more than 256 topics, throws a TypeError at once.
   */
  subscribe(input: { topics: string[] }): Promise<void> {
    if (this.closing) throw new TypeError("subscribe after disconnect()");
    const added = this.subscription.add(input.topics);
    if (this.handlers === null) return Promise.resolve();
    const accepted = this.subscription.whenAccepted(added);
    this.beat.notify();
    return accepted;
  }

  /** Joins the group and reads in the background; resolves once the first join succeeded. */
  async run(handlers: RunOptions): Promise<void> {
    if (this.handlers !== null || this.closing) throw new TypeError("run() was called already");
    if (this.subscription.size === 0) throw new TypeError("subscribe to a topic before run()");
    if (handlers.eachMessage === undefined && handlers.eachBatch === undefined) {
      throw new TypeError("run() needs eachMessage or eachBatch");
    }
    this.handlers = handlers;
    try {
      await this.join();
    } catch (err) {
      this.handlers = null;
      // subscribe() calls made while this join was under way wait for nothing now.
      this.subscription.rejectWaiting(err);
      throw err;
    }
    this.heartbeating = this.heartbeatLoop();
  }

  pause(selectors: TopicPartitionsSelector[]): void {
    this.pauses.pause(selectors);
  }

  /** Resumes partitions; `{topic}` alone resumes every partition of the topic. */
  resume(selectors: TopicPartitionsSelector[]): void {
    this.pauses.resume(selectors);
    this.resumed.notify();
  }

  paused(): TopicPartition[] {
    return [...this.readers.values()]
      .filter((r) => this.pauses.has(r.topic, r.partition))
      .map(({ topic, partition }) => ({ topic, partition }));
  }

  /** The next fetch of the partition starts at `offset` (kept until it is assigned, if it is not). */
  seek(input: TopicPartitionOffset): void {
    this.ownership.seek(input);
  }

  /** Commits offsets (each the next offset to read) of partitions this member holds. */
  async commitOffsets(offsets: TopicPartitionOffset[]): Promise<void> {
    await this.commits.commit(offsets);
  }

  /**
   * Leaves the group: stops fetching and heartbeating (requests in flight are abandoned), waits
   * for handlers in flight (at most the rebalance timeout), commits what was processed
   * (autoCommit) and leaves, so others take over at once. The commit and the leave together
   * take at most the session timeout (30 s at most); past it they are given up and reported.
   */
  async disconnect(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.subscription.rejectWaiting(new Error("disconnected before the subscription was accepted"));
    this.stopping.abort();
    this.beat.notify();
    if (this.heartbeating !== null) await settlesWithin(this.heartbeating, this.revokeWaitMs);
    await this.ownership.revocationsSettled();
    const deadline = AbortSignal.timeout(this.closeMs);
    await this.ownership.releaseAll(deadline);
    await this.member
      .leave(deadline)
      .catch((err: unknown) => this.report(err, { operation: "leave" }));
  }

  /**
   * Heartbeats every interval until disconnect: sooner after a revocation finished, and at once
   * while a subscription change waits to go out or after the coordinator refused one.
   */
  private async heartbeatLoop(): Promise<void> {
    let now = this.subscription.pending() !== null;
    while (!this.closing) {
      if (!now) await this.beat.wait(this.heartbeatIntervalMs);
      if (this.closing) return;
      now = await this.beatOnce();
    }
  }

  /** One heartbeat, or a join when not a member; answers whether the next goes at once. */
  private async beatOnce(): Promise<boolean> {
    const joined = this.member.joined;
    try {
      return joined ? await this.heartbeat() : await this.join();
    } catch (err) {
      if (this.closing) return false; // abandoned by disconnect(), which leaves anyway
      this.report(err, { operation: joined ? "heartbeat" : "join" });
      const lost =
        err instanceof EdgelogClientError &&
        (err.code === "FENCED_MEMBER_EPOCH" || err.code === "UNKNOWN_MEMBER");
      // Outside the serial chain: handlers being stopped may wait on a commit in it.
      return lost ? await this.lose() : false;
    }
  }

  /** Joins with the whole subscription; answers whether the next call goes at once. */
  private async join(): Promise<boolean> {
    const sent = this.subscription.all();
    let answer: MemberAnswer;
    try {
      answer = await this.member.join(sent.topics, this.stopping.signal);
    } catch (err) {
      return this.refused(sent, err);
    }
    this.subscription.accept(sent);
    this.adopt(answer);
    return this.subscription.pending() !== null;
  }

  /** Reports what is owned (and a changed subscription); answers whether the next goes at once. */
  private async heartbeat(): Promise<boolean> {
    const change = this.subscription.pending();
    let answer: MemberAnswer | null;
    try {
      const owned = this.ownership.owned();
      answer = await this.member.heartbeat(owned, change?.topics, this.stopping.signal);
    } catch (err) {
      if (change === null) throw err;
      return this.refused(change, err);
    }
    if (answer === null) return false;
    if (change !== null) this.subscription.accept(change);
    this.adopt(answer);
    return this.subscription.pending() !== null;
  }

  /**
   * A join or heartbeat carrying `sent` failed. When the coordinator refused the new topics, it
   * refused the whole call (the session was not renewed): they are dropped, their subscribe()
   * calls rejected, and the next call goes at once without them. Anything else is rethrown.
   */
  private refused(sent: SentSubscription, err: unknown): true {
    if (!this.subscription.refuse(sent, err)) throw err;
    return true;
  }

  /** Takes a join or heartbeat answer: the newest epoch, and the assignment to reconcile. */
  private adopt(answer: MemberAnswer): void {
    this.heartbeatIntervalMs = answer.heartbeatIntervalMs;
    if (!this.closing) this.ownership.adopt(answer.assignment);
  }

  /**
   * Membership lost (fenced or expired): stop everything, commit nothing, rejoin; answers
   * whether the next call goes at once.
   */
  private async lose(): Promise<boolean> {
    this.member.forget();
    await this.ownership.lose();
    if (this.closing) return false;
    return this.join().catch((err: unknown) => {
      this.report(err, { operation: "join" });
      return false;
    });
  }

  private readerContext(): ReaderContext {
    const handlers = this.handlers ?? {};
    return {
      transport: this.transport,
      retry: this.retry,
      handlers,
      slots: this.slots,
      maxRecords: this.options.maxRecords ?? FETCH_RECORDS_DEFAULT,
      // Bounded by the heartbeat interval so a stop or revocation never waits long on a poll.
      waitMs: () =>
        Math.min(this.options.maxWaitMs ?? 1_000, this.heartbeatIntervalMs, LONG_POLL_MS_MAX),
      isPaused: (topic, partition) => this.pauses.has(topic, partition),
      resumed: this.resumed,
      startOffset: (topic, partition, signal) => this.member.startOffset(topic, partition, signal),
      processed: () => this.commits.schedule(),
      commit: (topic, partition, offset) => this.commitOffsets([{ topic, partition, offset }]),
      reports: this.reports,
    };
  }

  private report(error: unknown, context: ConsumerErrorContext): void {
    this.reports.report(error, context);
  }
}
