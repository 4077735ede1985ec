// Kafka's consumer protocol, read only: the topics in a member's subscription and the partitions
// in its assignment, which classic consumer groups (protocol type "consumer") carry as opaque
// bytes. The coordinator never needs them; describe and lag show them as Kafka's tools do.
// ConsumerProtocolSubscription: version int16, topics [string], …; ConsumerProtocolAssignment:
// version int16, [topic string, partitions [int32]], …; big-endian, fields after these ignored.
import type { TopicPartitions } from "../protocol/types.js";

/** The subscribed topics, or null when the bytes are not a consumer subscription. */
export function subscriptionTopics(metadataBase64: string): string[] | null {
  const reader = readerOf(metadataBase64);
  if (reader === null) return null;
  try {
    reader.int16();
    return reader.array(() => reader.string());
  } catch {
    return null;
  }
}

/** The assigned partitions by topic, or null when the bytes are not a consumer assignment. */
export function assignmentPartitions(assignmentBase64: string): TopicPartitions[] | null {
  if (assignmentBase64 === "") return [];
  const reader = readerOf(assignmentBase64);
  if (reader === null) return null;
  try {
    reader.int16();
    return reader.array(() => ({
      topic: reader.string(),
      partitions: reader.array(() => reader.int32()),
    }));
  } catch {
    return null;
  }
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function readerOf(base64: string): Reader | null {
  try {
    return new Reader(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** Reads Kafka's classic (non-flexible) encoding; throws RangeError past the end. */
class Reader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  int16(): number {
    const value = this.view.getInt16(this.at);
    this.at += 2;
    return value;
  }

  int32(): number {
    const value = this.view.getInt32(this.at);
    this.at += 4;
    return value;
  }

  string(): string {
    const length = this.int16();
    if (length < 0 || this.at + length > this.bytes.length) throw new RangeError("bad string");
    const text = utf8Strict.decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }

  /** An int32 count, then that many items; a count past the bytes left cannot be real. */
  array<T>(item: () => T): T[] {
    const count = this.int32();
    if (count < 0 || count > this.bytes.length - this.at) throw new RangeError("bad array");
    return Array.from({ length: count }, item);
  }
}
