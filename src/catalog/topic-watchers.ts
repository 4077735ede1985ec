// The catalog's half of append watches (append-watches.ts): a partition's new leader does not
// know the watches armed on the old one, so the catalog, which elects every leader, wakes the
// objects registered for the topic; they read from the new leader and arm there.
import type { WatcherRef } from "../log/watch-store.js";
import { EdgelogError } from "../protocol/errors.js";
import { TOPIC_WATCHERS_MAX } from "../protocol/limits.js";
import type { TopicWatcherStore } from "./topic-watcher-store.js";

/** Wakes one watcher about one partition, after the catalog's answer (never awaited). */
export type WakeWatcher = (watcher: WatcherRef, topic: string, partition: number) => void;

export class TopicWatchers {
  constructor(
    private readonly store: TopicWatcherStore,
    private readonly wake: WakeWatcher,
  ) {}

  add(topic: string, watcher: WatcherRef): void {
    if (this.store.has(topic, watcher)) return;
    if (this.store.count(topic) >= TOPIC_WATCHERS_MAX) {
      throw new EdgelogError("INVALID_REQUEST", `at most ${TOPIC_WATCHERS_MAX} watchers a topic`, {
        topicWatchersMax: TOPIC_WATCHERS_MAX,
      });
    }
    this.store.add(topic, watcher);
  }

  list(topic: string): WatcherRef[] {
    return this.store.list(topic);
  }

  /** Every watcher of one kind, over all topics (a scrape's list of subscriptions). */
  listKind(kind: string): Array<{ topic: string; name: string }> {
    return this.store.listKind(kind);
  }

  remove(topic: string, watcher: WatcherRef): void {
    this.store.remove(topic, watcher);
  }

  /** Something changed on these partitions that armed watches may not cover: wake everyone. */
  wakeAll(topic: string, partitions: number[]): void {
    if (partitions.length === 0) return;
    for (const watcher of this.store.list(topic)) {
      for (const partition of partitions) this.wake(watcher, topic, partition);
    }
  }

  /** The topic is gone: its watchers hear of it once (they find it missing), then are forgotten. */
  dropTopic(topic: string, partitions: number[]): void {
    this.wakeAll(topic, partitions);
    this.store.removeTopic(topic);
  }
}
