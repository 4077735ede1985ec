// Per-isolate cache of topic metadata, so the catalog stays off the produce and fetch hot path.
// Entries expire after METADATA_CACHE_MS and are dropped at once on a TOPIC_NOT_FOUND or
// NOT_LEADER answer from a replica (Kafka clients refresh metadata the same way).
import type { CatalogRpc } from "../catalog/catalog-rpc.js";
import { EdgelogError, unwrap } from "../protocol/errors.js";
import { METADATA_CACHE_MS } from "../protocol/limits.js";
import type { TopicMetadata } from "../protocol/types.js";

interface Entry {
  topic: Promise<TopicMetadata>;
  expiresAt: number;
}

export class MetadataCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The topic's metadata, or null when it does not exist (other failures throw). */
  async getOrNull(catalog: CatalogRpc, name: string): Promise<TopicMetadata | null> {
    try {
      return await this.get(catalog, name);
    } catch (err) {
      if (err instanceof EdgelogError && err.code === "TOPIC_NOT_FOUND") return null;
      throw err;
    }
  }

  /** The topic's metadata; throws TOPIC_NOT_FOUND (never cached) when it does not exist. */
  get(catalog: CatalogRpc, name: string): Promise<TopicMetadata> {
    const now = this.now();
    const entry = this.entries.get(name);
    if (entry !== undefined && entry.expiresAt > now) return entry.topic;
    const topic = catalog.getTopic(name).then((result) => unwrap(result).topic);
    // Concurrent requests share one catalog call; a failure is forgotten immediately.
    this.entries.set(name, { topic, expiresAt: now + METADATA_CACHE_MS });
    topic.catch(() => this.invalidate(name, topic));
    return topic;
  }

  put(topic: TopicMetadata): void {
    this.entries.set(topic.name, {
      topic: Promise.resolve(topic),
      expiresAt: this.now() + METADATA_CACHE_MS,
    });
  }

  invalidate(name: string, only?: Promise<TopicMetadata>): void {
    if (only === undefined || this.entries.get(name)?.topic === only) this.entries.delete(name);
  }
}
