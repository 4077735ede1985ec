// Per-isolate cache of a per-topic setting read from the catalog (webhook and tracking configs),
// trusted for METADATA_CACHE_MS like topic metadata, and updated at once by this isolate's writes.
import { METADATA_CACHE_MS } from "../protocol/limits.js";

export class TopicSettingCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  /** The cached value, or `load()`'s (cached from now on). */
  async get(topic: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(topic);
    if (cached !== undefined && cached.expiresAt > Date.now()) return cached.value;
    const value = await load();
    this.put(topic, value);
    return value;
  }

  put(topic: string, value: T): void {
    this.entries.set(topic, { value, expiresAt: Date.now() + METADATA_CACHE_MS });
  }
}
