// A test consumer-group member over HTTP: joins, heartbeats reporting what it owns, and keeps
// its latest assignment, so tests can check ownership after every heartbeat.
import { expect } from "vitest";
import type { Answer, Api } from "./api.js";

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

interface MemberAnswer {
  memberId: string;
  memberEpoch: number;
  assignment: TopicPartitions[];
  heartbeatIntervalMs: number;
}

export class TestMember {
  memberId = "";
  memberEpoch = 0;
  assignment: TopicPartitions[] = [];

  constructor(
    readonly api: Api,
    readonly group: string,
    readonly name: string,
  ) {}

  async join(body: Record<string, unknown>): Promise<Answer<MemberAnswer>> {
    const answer = await this.api.request<MemberAnswer>(
      "POST",
      `/v1/groups/${this.group}/members`,
      body,
    );
    if (answer.status === 201) {
      this.memberId = answer.body.memberId;
      this.memberEpoch = answer.body.memberEpoch;
      this.assignment = answer.body.assignment;
    }
    return answer;
  }

  /** Heartbeats reporting its current assignment as owned (it has finished with the rest). */
  async heartbeat(extra: Record<string, unknown> = {}): Promise<Answer<MemberAnswer>> {
    const answer = await this.api.request<MemberAnswer>(
      "POST",
      `/v1/groups/${this.group}/members/${this.memberId}/heartbeat`,
      { memberEpoch: this.memberEpoch, owned: this.assignment, ...extra },
    );
    if (answer.status === 200) {
      this.memberEpoch = answer.body.memberEpoch;
      this.assignment = answer.body.assignment;
    }
    return answer;
  }

  async leave(): Promise<number> {
    const answer = await this.api.request(
      "DELETE",
      `/v1/groups/${this.group}/members/${this.memberId}`,
    );
    this.assignment = [];
    return answer.status;
  }

  owned(): string[] {
    return this.assignment.flatMap((a) => a.partitions.map((p) => `${a.topic}/${p}`));
  }
}

/** No partition is owned by two members. */
export function expectSingleOwners(members: TestMember[]): void {
  const seen = new Map<string, string>();
  for (const member of members) {
    for (const key of member.owned()) {
      expect(seen.get(key), `${key} owned by ${seen.get(key)} and ${member.name}`).toBeUndefined();
      seen.set(key, member.name);
    }
  }
}

/** Heartbeats every member in turn, checking single ownership after each, until nothing moves. */
export async function settle(members: TestMember[], rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const before = members.map((m) => m.owned().join(","));
    for (const member of members) {
      const answer = await member.heartbeat();
      expect(answer.status).toBe(200);
      expectSingleOwners(members);
    }
    if (members.every((m, i) => m.owned().join(",") === before[i])) return;
  }
  throw new Error("the group did not settle");
}
