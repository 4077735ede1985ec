// What the application paused (KafkaJS's pause/resume): whole topics, or single partitions.
import { readerKey } from "./consumer-partition.js";
import type { TopicPartitionsSelector } from "./consumer-types.js";

export class PausedPartitions {
  private readonly topics = new Set<string>();
  /** By readerKey. */
  private readonly partitions = new Set<string>();

  pause(selectors: TopicPartitionsSelector[]): void {
    for (const { topic, partitions } of selectors) {
      if (partitions === undefined) this.topics.add(topic);
      else for (const p of partitions) this.partitions.add(readerKey(topic, p));
    }
  }

  /** Resumes partitions; `{topic}` alone resumes every partition of the topic. */
  resume(selectors: TopicPartitionsSelector[]): void {
    for (const { topic, partitions } of selectors) {
      if (partitions === undefined) {
        this.topics.delete(topic);
        for (const k of this.partitions) {
          if (k.startsWith(`${topic}\u0000`)) this.partitions.delete(k);
        }
      } else for (const p of partitions) this.partitions.delete(readerKey(topic, p));
    }
  }

  has(topic: string, partition: number): boolean {
    return this.topics.has(topic) || this.partitions.has(readerKey(topic, partition));
  }
}
