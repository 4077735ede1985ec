// Append watches: an object (a push subscription, a stream processor) that has read everything
// arms a one-shot watch "wake me when the high watermark passes offset X" and sleeps; idle then
// costs nothing, no alarm, poll or open request (design/delivery.md).
//
// The rule that no watcher sleeps forever while records are readable:
// - Arming answers `armed: false` when the record at X is readable already: read, do not sleep.
// - An armed watch is a row in the replica's SQLite, removed only once the watcher took its wake,
//   so a restart keeps it (a due one fires when the replica starts) and a wake that failed
//   fires again on the next advance.
// - Only the leader arms (NOT_LEADER elsewhere), but any replica holding a watch fires it when
//   its own high watermark passes X: a deposed leader that follows again still wakes its
//   watchers once it hears of the records.
// - A new leader does not know the old one's watches, so the catalog wakes every object that
//   watches a topic (catalog `watchTopic`) when it elects a leader of one of its partitions, or
//   adds partitions: the watcher reads from the new leader and arms there. An arm that raced the
//   election onto the old leader is followed by that wake, which arms again on the new one.
// On the produce path this costs one comparison per high-watermark advance when nothing is due;
// wakes run after the answer (waitUntil), never before it.
import type { ArmedWatch, WatcherRef, WatchStore } from "../log/watch-store.js";
import { type Failure, fail } from "../protocol/errors.js";
import { APPEND_WATCHES_MAX } from "../protocol/limits.js";

export interface AppendWatchesDeps {
  store: WatchStore;
  /** Wakes one watcher; rejects when it could not be reached. */
  wake(watcher: WatcherRef): Promise<void>;
  /** Keeps work running after the call that started it answered (the object's waitUntil). */
  background(work: Promise<unknown>): void;
}

export class AppendWatches {
  /** Armed and not being woken, by watcher key. */
  private readonly armed = new Map<string, ArmedWatch>();
  /** The smallest offset armed: an advance to at most this wakes nobody. */
  private offsetMin = Number.POSITIVE_INFINITY;

  constructor(private readonly deps: AppendWatchesDeps) {
    for (const watch of deps.store.list()) this.armed.set(keyOf(watch), watch);
    this.recomputeMin();
  }

  get size(): number {
    return this.armed.size;
  }

  /** Arms `watch` unless the record at its offset is readable already (then: read now). */
  arm(watch: ArmedWatch, highWatermark: number): { armed: boolean } | Failure {
    if (highWatermark > watch.offset) return { armed: false };
    const key = keyOf(watch);
    if (!this.armed.has(key) && this.armed.size >= APPEND_WATCHES_MAX) {
      return fail("INVALID_REQUEST", `at most ${APPEND_WATCHES_MAX} watches per partition`, {
        appendWatchesMax: APPEND_WATCHES_MAX,
      });
    }
    const copy = { kind: watch.kind, name: watch.name, offset: watch.offset };
    this.deps.store.put(copy);
    this.armed.set(key, copy);
    if (copy.offset < this.offsetMin) this.offsetMin = copy.offset;
    return { armed: true };
  }

  /** After every high-watermark advance (the hot path): wakes the watches it passed. */
  advanced(highWatermark: number): void {
    if (highWatermark <= this.offsetMin) return;
    for (const [key, watch] of this.armed) {
      if (watch.offset < highWatermark) {
        this.armed.delete(key);
        this.deps.background(this.fire(key, watch));
      }
    }
    this.recomputeMin();
  }

  /** The topic is gone: so are its watches. */
  clear(): void {
    this.deps.store.clear();
    this.armed.clear();
    this.offsetMin = Number.POSITIVE_INFINITY;
  }

  private async fire(key: string, watch: ArmedWatch): Promise<void> {
    try {
      await this.deps.wake(watch);
    } catch {
      // Unreachable for now: armed again, so the next advance (or a restart) retries the wake.
      if (!this.armed.has(key)) {
        this.armed.set(key, watch);
        if (watch.offset < this.offsetMin) this.offsetMin = watch.offset;
      }
      return;
    }
    // Taken: the row goes, unless the watcher armed again meanwhile (its new row stays).
    if (!this.armed.has(key)) this.deps.store.deleteFired(watch);
  }

  private recomputeMin(): void {
    let min = Number.POSITIVE_INFINITY;
    for (const watch of this.armed.values()) if (watch.offset < min) min = watch.offset;
    this.offsetMin = min;
  }
}

function keyOf(watcher: WatcherRef): string {
  return `${watcher.kind}\u0000${watcher.name}`;
}
