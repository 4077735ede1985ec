// Group lag history (design/observability.md): the coordinator samples its group's lag at most
// every `sampleMs`, riding on the work it already does (heartbeats, commits, its session alarm).
// A group with members heartbeats anyway; an empty group with lag left asks for one alarm per
// sample; an empty group without lag is idle and costs nothing.
import type { GroupDescription } from "../groups/group-rpc.js";
import type { Sql } from "../log/sql.js";
import { LAG_HISTORY_MS } from "../protocol/limits.js";
import { type LagProbeDeps, probeLag } from "./lag-probe.js";
import { type LagSample, LagStore, lagByTopic } from "./lag-store.js";

export interface LagSamplerDeps {
  sql: Sql;
  probe: LagProbeDeps;
  sampleMs: number;
  /** The group as it stands, or null when it does not exist (nothing to sample). */
  describe(): GroupDescription | null;
  now(): number;
}

export class LagSampler {
  private readonly store: LagStore;
  private lastSampleAt: number;
  /** Whether the last sample found lag: an empty group is then sampled on its alarm. */
  private busy = false;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly deps: LagSamplerDeps) {
    this.store = new LagStore(deps.sql);
    this.lastSampleAt = this.store.newest() ?? 0;
  }

  /** True when a sample is due: the last one is `sampleMs` old and none is being taken. */
  due(): boolean {
    return this.inFlight === null && this.deps.now() - this.lastSampleAt >= this.deps.sampleMs;
  }

  /** Takes a sample when the last one is `sampleMs` old; one at a time. */
  sampleIfDue(): Promise<void> {
    if (this.inFlight !== null) return this.inFlight;
    if (!this.due()) return Promise.resolve();
    this.inFlight = this.sample().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** When the next sample needs an alarm of its own: only for an empty group with lag. */
  nextAlarmAt(): number | null {
    const description = this.deps.describe();
    if (description === null || description.members.length > 0 || !this.busy) return null;
    return this.lastSampleAt + this.deps.sampleMs;
  }

  history(since: number, topic: string | null): LagSample[] {
    return this.store.since(since, topic);
  }

  clear(): void {
    this.store.clear();
    this.busy = false;
  }

  private async sample(): Promise<void> {
    const description = this.deps.describe();
    if (description === null) return;
    const timestamp = this.deps.now();
    this.lastSampleAt = timestamp;
    const rows = await probeLag(this.deps.probe, description, timestamp);
    const samples = lagByTopic(timestamp, rows);
    this.busy = samples.some((s) => s.lagRecords > 0);
    this.store.save(samples, timestamp - LAG_HISTORY_MS);
  }
}
