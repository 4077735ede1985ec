// Kafka's topic ids (KIP-516) are edgelog's topic UUIDs as 16 bytes. Fetch v13 names topics by
// id only, so the gateway remembers the ids Metadata answered (clients always ask Metadata
// first) and, for an id it has not seen, describes the topics it may list once.
import type { Edgelog } from "../client/edgelog.js";
import { EdgelogClientError } from "../client/errors.js";
import { TOPIC_IDS_REMEMBERED_MAX } from "../protocol/limits.js";

/** The all-zero id: Kafka's "no id" (a topic named by name in older versions). */
export const ZERO_UUID = Buffer.alloc(16);

export function uuidBytes(topicId: string): Buffer {
  const hex = topicId.replace(/-/g, "");
  return /^[0-9a-f]{32}$/i.test(hex) ? Buffer.from(hex, "hex") : ZERO_UUID;
}

export class TopicIds {
  /** Hex id → topic name, oldest first (a Map iterates in insertion order). */
  private readonly names = new Map<string, string>();

  remember(topicId: string, name: string): void {
    const hex = uuidBytes(topicId).toString("hex");
    this.names.delete(hex);
    this.names.set(hex, name);
    if (this.names.size > TOPIC_IDS_REMEMBERED_MAX) {
      const oldest = this.names.keys().next().value;
      if (oldest !== undefined) this.names.delete(oldest);
    }
  }

  /** The topic's name, or null when edgelog (as this client sees it) has no such topic. */
  async nameOf(id: Buffer, edgelog: Edgelog): Promise<string | null> {
    const hex = id.toString("hex");
    const known = this.names.get(hex);
    if (known !== undefined) return known;
    const admin = edgelog.admin();
    for (const topic of await admin.listTopics()) {
      if ([...this.names.values()].includes(topic.name)) continue;
      const description = await admin.describeTopic(topic.name);
      this.remember(description.topicId, description.name);
    }
    return this.names.get(hex) ?? null;
  }

  /** The id of topic `name` (16 bytes), or null when edgelog has no such topic. */
  async idOf(name: string, edgelog: Edgelog): Promise<Buffer | null> {
    for (const [hex, known] of this.names) if (known === name) return Buffer.from(hex, "hex");
    try {
      const description = await edgelog.admin().describeTopic(name);
      this.remember(description.topicId, description.name);
      return uuidBytes(description.topicId);
    } catch (err) {
      if (err instanceof EdgelogClientError && err.code === "TOPIC_NOT_FOUND") return null;
      throw err;
    }
  }
}
