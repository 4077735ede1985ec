// A consumer's topic subscription as KIP-848 keeps it: the topics asked for, the list the
// coordinator last accepted, and the `subscribe()` calls waiting for it to accept their change.
import { TOPICS_PER_MEMBER_MAX } from "../protocol/limits.js";
import { isValidName } from "../protocol/names.js";
import { EdgelogClientError } from "./errors.js";

/** A subscription as one join or heartbeat carried it: the whole list, and its version. */
export interface SentSubscription {
  topics: string[];
  version: number;
}

interface Waiter {
  version: number;
  /** The topics this change added: dropped again if the coordinator refuses it. */
  added: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Subscription {
  private readonly topics = new Set<string>();
  /** What the coordinator last accepted (a join or heartbeat answer); null before the first. */
  private accepted: Set<string> | null = null;
  /** Bumped by every change that adds a topic. */
  private version = 0;
  /** At most one per `subscribe()` call in flight. */
  private readonly waiters: Waiter[] = [];

  get size(): number {
    return this.topics.size;
  }

  /** Adds topics; answers those that were new. Names are checked here, so the server's checks pass. */
  add(topics: readonly string[]): string[] {
    for (const topic of topics) {
      if (typeof topic !== "string" || !isValidName(topic)) {
        throw new TypeError(`topic names match [A-Za-z0-9._-]{1,249}: ${String(topic)}`);
      }
    }
    const added = [...new Set(topics)].filter((topic) => !this.topics.has(topic));
    if (this.topics.size + added.length > TOPICS_PER_MEMBER_MAX) {
      throw new TypeError(`a member subscribes to at most ${TOPICS_PER_MEMBER_MAX} topics`);
    }
    for (const topic of added) this.topics.add(topic);
    if (added.length > 0) this.version++;
    return added;
  }

  /** Settles once the coordinator accepts (or refuses) the subscription as it is now. */
  whenAccepted(added: string[]): Promise<void> {
    if (this.pending() === null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ version: this.version, added, resolve, reject });
    });
  }

  /** The whole list, as a join sends it. */
  all(): SentSubscription {
    return { topics: [...this.topics], version: this.version };
  }

  /** The whole list when it differs from what the coordinator accepted (a heartbeat sends it). */
  pending(): SentSubscription | null {
    const accepted = this.accepted;
    const same =
      accepted !== null &&
      accepted.size === this.topics.size &&
      [...this.topics].every((topic) => accepted.has(topic));
    return same ? null : this.all();
  }

  /** A join or heartbeat carrying `sent` was answered: the coordinator holds that list now. */
  accept(sent: SentSubscription): void {
    this.accepted = new Set(sent.topics);
    this.settle(sent.version, (waiter) => waiter.resolve());
  }

  /**
   * The coordinator refused `sent`: the changes it carried are undone and their `subscribe()`
   * calls rejected. Answers whether there were such calls; the first list, before anything was
   * accepted, is not a change (run() fails instead).
   */
  refuse(sent: SentSubscription, error: unknown): boolean {
    const accepted = this.accepted;
    if (accepted === null || !refusesTopics(error)) return false;
    return (
      this.settle(sent.version, (waiter) => {
        for (const topic of waiter.added) if (!accepted.has(topic)) this.topics.delete(topic);
        waiter.reject(error);
      }) > 0
    );
  }

  /** Rejects every waiting `subscribe()` (disconnect, or a failed `run()`); the topics stay. */
  rejectWaiting(error: unknown): void {
    this.settle(Number.POSITIVE_INFINITY, (waiter) => waiter.reject(error));
  }

  private settle(version: number, done: (waiter: Waiter) => void): number {
    const due = this.waiters.filter((waiter) => waiter.version <= version);
    for (const waiter of due) this.waiters.splice(this.waiters.indexOf(waiter), 1);
    for (const waiter of due) done(waiter);
    return due.length;
  }
}

/**
 * The answers a topic list earns when it names a topic that does not exist or that the token
 * may not consume. Names and the count are checked before sending, so these are all there is.
 */
function refusesTopics(error: unknown): boolean {
  return (
    error instanceof EdgelogClientError &&
    (error.code === "TOPIC_NOT_FOUND" || error.code === "FORBIDDEN")
  );
}
