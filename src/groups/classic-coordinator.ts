// The classic group protocol in the group's object: loads the group, applies one step of the
// state machine (classic-group.ts, classic-calls.ts), saves it, wakes the joins and syncs that
// wait for their phase to end (long-poll), and keeps the object's alarm on the next deadline.

import type {
  ClassicCallerRequest,
  ClassicLeaveRequest,
  ClassicSyncRequest,
} from "../protocol/classic-group-request.js";
import { EdgelogError } from "../protocol/errors.js";
import { CLASSIC_JOIN_WAIT_MS_MAX } from "../protocol/limits.js";
import { LongPoll } from "../replication/long-poll.js";
import {
  type ClassicJoinAnswer,
  type ClassicSyncAnswer,
  checkClassicCommit,
  heartbeatClassic,
  joinAnswer,
  syncAnswer,
  syncClassic,
} from "./classic-calls.js";
import {
  type ClassicGroup,
  type ClassicJoinInput,
  expireClassic,
  joinClassic,
  leaveClassic,
  newClassicGroup,
  nextClassicDeadline,
} from "./classic-group.js";
import { ClassicStore } from "./classic-store.js";
import type { GroupDeps } from "./group-deps.js";
import { registerOnce } from "./group-deps.js";
import type { GroupStore } from "./group-store.js";

export class ClassicCoordinator {
  readonly store: ClassicStore;
  /** Joins and syncs waiting for their phase to end; woken after every change. */
  private readonly waiting = new LongPoll();

  constructor(
    private readonly deps: GroupDeps,
    private readonly groups: GroupStore,
    /** Writes the group's row if it has none yet (a first join), synchronously. */
    private readonly ensureMeta: (groupId: string) => void,
    private readonly scheduleAlarm: () => Promise<void>,
  ) {
    this.store = new ClassicStore(deps.sql);
  }

  async join(groupId: string, input: ClassicJoinInput): Promise<ClassicJoinAnswer> {
    await registerOnce(this.deps, this.groups, groupId);
    // Synchronous from here: the checks hold when the group is written.
    if (this.groups.members().length > 0) {
      throw new EdgelogError(
        "GROUP_PROTOCOL_MISMATCH",
        `group ${groupId} has members of the consumer (KIP-848) protocol`,
      );
    }
    const loaded = this.store.load();
    const group = loaded?.group ?? newClassicGroup(input.protocolType);
    const now = this.deps.now();
    const memberId = joinClassic(group, input, now, () => crypto.randomUUID());
    await this.save(group, loaded?.read ?? new Map(), () => this.ensureMeta(groupId));
    const waitMs = Math.min(input.rebalanceTimeoutMs, CLASSIC_JOIN_WAIT_MS_MAX);
    const attempt = () => joinAnswer(this.current(memberId), memberId);
    let answer = await this.waiting.poll(waitMs, attempt, (a) => a !== null);
    if (answer === null) {
      // The phase may have reached its deadline just now, before the alarm ran: end it here.
      this.expire();
      await this.scheduleAlarm();
      answer = attempt();
    }
    // Still waiting for others: the member keeps its place and joins again with its id.
    if (answer === null) {
      throw new EdgelogError("REBALANCE_IN_PROGRESS", "the join phase goes on: join again", {
        memberId,
      });
    }
    return answer;
  }

  async sync(request: ClassicSyncRequest): Promise<ClassicSyncAnswer> {
    const loaded = this.store.load();
    const group = loaded?.group ?? null;
    syncClassic(group, request, request, request.assignments, this.deps.now());
    if (loaded !== null) await this.save(loaded.group, loaded.read);
    // A follower waits for the leader's sync, at most half its session: it then rejoins (and
    // gets the generation back at once) rather than let its session run out while waiting.
    const member = group?.members.find((m) => m.memberId === request.memberId);
    const waitMs = Math.min(
      Math.floor((member?.sessionTimeoutMs ?? 0) / 2),
      CLASSIC_JOIN_WAIT_MS_MAX,
    );
    const answer = await this.waiting.poll(
      waitMs,
      () => syncAnswer(this.store.load()?.group ?? null, request),
      (a) => a !== null,
    );
    if (answer === null) throw rebalancing();
    return answer;
  }

  async heartbeat(caller: ClassicCallerRequest): Promise<void> {
    const loaded = this.store.load();
    const rejoin = heartbeatClassic(loaded?.group ?? null, caller, this.deps.now());
    if (loaded !== null) await this.save(loaded.group, loaded.read);
    if (rejoin) throw rebalancing();
  }

  async leave(request: ClassicLeaveRequest): Promise<void> {
    const loaded = this.store.load();
    if (loaded === null) {
      throw new EdgelogError("UNKNOWN_MEMBER", "no classic member in this group");
    }
    leaveClassic(loaded.group, request.memberId, request.instanceId, this.deps.now());
    await this.save(loaded.group, loaded.read);
  }

  /** Checks a member's commit and keeps its session; `write` stores the offsets right after. */
  async commit(caller: ClassicCallerRequest, write: () => void): Promise<void> {
    const loaded = this.store.load();
    checkClassicCommit(loaded?.group ?? null, caller, this.deps.now());
    if (loaded === null) return;
    this.deps.transaction(() => {
      this.store.save(loaded.group, loaded.read);
      write();
    });
    await this.scheduleAlarm();
  }

  /** On the alarm: silent members go, a join phase past its deadline ends. */
  expire(): void {
    const loaded = this.store.load();
    if (loaded === null) return;
    if (expireClassic(loaded.group, this.deps.now())) {
      this.deps.transaction(() => this.store.save(loaded.group, loaded.read));
      this.waiting.wakeAll();
    }
  }

  nextDeadline(): number | null {
    const loaded = this.store.load();
    return loaded === null ? null : nextClassicDeadline(loaded.group);
  }

  /** The group as joins and syncs see it; UNKNOWN_MEMBER once it is gone. */
  private current(memberId: string): ClassicGroup {
    const loaded = this.store.load();
    if (loaded === null) {
      throw new EdgelogError("UNKNOWN_MEMBER", `no member ${memberId} in this group`);
    }
    return loaded.group;
  }

  /** Saves the group (and `also`, in the same transaction), wakes waiters, moves the alarm. */
  private async save(
    group: ClassicGroup,
    read: Map<string, string>,
    also: () => void = () => {},
  ): Promise<void> {
    this.deps.transaction(() => {
      this.store.save(group, read);
      also();
    });
    this.waiting.wakeAll();
    await this.scheduleAlarm();
  }
}

function rebalancing(): EdgelogError {
  return new EdgelogError("REBALANCE_IN_PROGRESS", "the group is rebalancing: rejoin");
}
