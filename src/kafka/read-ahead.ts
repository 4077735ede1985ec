// Read-ahead for sequential consumers. A Kafka client has one Fetch in flight per broker, so
// without it every page costs a full round trip to edgelog while the client waits; with it, the
// page after the one just answered is asked for at once and is usually ready when the client's
// next Fetch names its offset. Per connection, at most KAFKA_READ_AHEAD_PARTITIONS_MAX pages,
// each used only for exactly its offset and within KAFKA_READ_AHEAD_MS_MAX (then read afresh).
import { KAFKA_READ_AHEAD_MS_MAX, KAFKA_READ_AHEAD_PARTITIONS_MAX } from "../protocol/limits.js";
import type { FetchResponse } from "../protocol/types.js";

interface Ahead {
  offset: number;
  startedAtMs: number;
  page: Promise<FetchResponse | null>;
}

export class ReadAhead {
  /** "topic/partition" → the page read ahead, oldest first. */
  private readonly pages = new Map<string, Ahead>();

  /** The page read ahead at `offset`, if one is; it is used once. */
  take(topic: string, partition: number, offset: number, nowMs: number) {
    const key = `${topic}/${partition}`;
    const ahead = this.pages.get(key);
    if (ahead === undefined) return undefined;
    this.pages.delete(key);
    if (ahead.offset !== offset || nowMs - ahead.startedAtMs > KAFKA_READ_AHEAD_MS_MAX) {
      return undefined;
    }
    return ahead.page;
  }

  /** Starts reading the page at `offset`; a failed read is simply not used. */
  start(
    topic: string,
    partition: number,
    offset: number,
    nowMs: number,
    read: () => Promise<FetchResponse>,
  ): void {
    const key = `${topic}/${partition}`;
    this.pages.delete(key);
    if (this.pages.size >= KAFKA_READ_AHEAD_PARTITIONS_MAX) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    this.pages.set(key, { offset, startedAtMs: nowMs, page: read().catch(() => null) });
  }
}
