// A classic group member over HTTP for the protocol suites (what the Kafka gateway does for a
// Kafka client), and Kafka's consumer protocol bytes to put in its metadata and assignments.
import { expect } from "vitest";
import type { Answer, Api } from "./api.js";

export interface JoinBody {
  memberId: string;
  generationId: number;
  protocolType: string;
  protocolName: string | null;
  leaderId: string | null;
  members: Array<{ memberId: string; instanceId: string | null; metadataBase64: string }>;
}

/** Kafka's ConsumerProtocolSubscription v0: the topics, no user data. */
export function subscription(...topics: string[]): string {
  return base64([...int16(0), ...array(topics.map(kafkaString)), ...int32(-1)]);
}

/** Kafka's ConsumerProtocolAssignment v0: partitions by topic, no user data. */
export function assignment(parts: Record<string, number[]>): string {
  const topics = Object.entries(parts).map(([topic, partitions]) => [
    ...kafkaString(topic),
    ...array(partitions.map(int32)),
  ]);
  return base64([...int16(0), ...array(topics), ...int32(-1)]);
}

function int16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function int32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
function kafkaString(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...int16(bytes.length), ...bytes];
}
function array(items: number[][]): number[] {
  return [...int32(items.length), ...items.flat()];
}
function base64(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}

export class ClassicMember {
  memberId = "";
  generationId = -1;

  constructor(
    readonly api: Api,
    readonly group: string,
    readonly metadataBase64: string,
    readonly extra: Record<string, unknown> = {},
  ) {}

  private path(route: string): string {
    return `/v1/groups/${this.group}/classic/${route}`;
  }

  /** Joins (or rejoins with its member id); resolves when the join phase ends. */
  async join(fields: Record<string, unknown> = {}): Promise<Answer<JoinBody>> {
    const answer = await this.api.request<JoinBody>("POST", this.path("join"), {
      ...(this.memberId === "" ? {} : { memberId: this.memberId }),
      clientId: "suite-client",
      protocolType: "consumer",
      protocols: [{ name: "range", metadataBase64: this.metadataBase64 }],
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      ...this.extra,
      ...fields,
    });
    if (answer.status === 200) {
      this.memberId = answer.body.memberId;
      this.generationId = answer.body.generationId;
    }
    return answer;
  }

  async joined(fields: Record<string, unknown> = {}): Promise<JoinBody> {
    const answer = await this.join(fields);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  }

  /** Who it is in `generationId`: a static member names its instance, as Kafka clients do. */
  private caller(generationId = this.generationId) {
    const { instanceId } = this.extra;
    return { memberId: this.memberId, generationId, ...(instanceId ? { instanceId } : {}) };
  }

  sync(assignments: Array<{ memberId: string; assignmentBase64: string }> = []) {
    return this.api.request<{ assignmentBase64: string; protocolName: string }>(
      "POST",
      this.path("sync"),
      { ...this.caller(), assignments },
    );
  }

  heartbeat(generationId = this.generationId) {
    return this.api.request("POST", this.path("heartbeat"), this.caller(generationId));
  }

  commit(topic: string, partition: number, offset: number, generationId = this.generationId) {
    return this.api.request("POST", this.path("offsets"), {
      ...this.caller(generationId),
      offsets: [{ topic, partition, offset }],
    });
  }

  leave() {
    return this.api.request("POST", this.path("leave"), { memberId: this.memberId });
  }
}
