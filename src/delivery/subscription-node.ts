// A push subscription's behaviour (the object `<topic>/<name>` of kind "subscription"): its
// config and per-partition delivery state in SQLite, one delivery loop per partition
// (subscription-pump.ts), the alarm only while a retry is pending or a delivery runs, and wakes
// from appends and the catalog otherwise (append-watches.ts): idle, it costs nothing.
import type { Sql, Transaction } from "../log/sql.js";
import type { WatcherRef } from "../log/watch-store.js";
import { EdgelogError, type Failure, fail } from "../protocol/errors.js";
import {
  publicSubscriptionConfig,
  type SubscriptionConfig,
} from "../protocol/subscription-config.js";
import { SubscriptionPump } from "./subscription-pump.js";
import type {
  DescriptionResult,
  SubscriptionDescription,
  SubscriptionPartitionView,
  SubscriptionState,
} from "./subscription-rpc.js";
import { type SubscriptionCluster, SubscriptionSource } from "./subscription-source.js";
import { type SubscriptionRow, SubscriptionStore } from "./subscription-store.js";

/** The watcher kind of push subscriptions (workers/objects/watcher-stub.ts). */
export const SUBSCRIPTION_KIND = "subscription";

/** Batches one loop delivers before it yields (and goes on in a new turn): no loop is endless. */
const STEPS_PER_RUN_MAX = 64;

/** While a delivery runs, an alarm this long after its timeout restarts it if the object died. */
const WATCHDOG_EXTRA_MS = 5_000;

export function subscriptionObjectName(topic: string, name: string): string {
  return `${topic}/${name}`;
}

export interface SubscriptionNodeDeps {
  sql: Sql;
  transaction: Transaction;
  cluster: SubscriptionCluster;
  /** Sets the object's alarm; null deletes it. */
  setAlarm(at: number | null): void;
  background(work: Promise<unknown>): void;
}

export class SubscriptionNode {
  private readonly store: SubscriptionStore;
  private readonly source: SubscriptionSource;
  private readonly pump: SubscriptionPump;
  private readonly running = new Set<number>();
  private readonly again = new Set<number>();

  constructor(private readonly deps: SubscriptionNodeDeps) {
    this.store = new SubscriptionStore(deps.sql, deps.transaction);
    this.source = new SubscriptionSource(deps.cluster);
    this.pump = new SubscriptionPump({
      store: this.store,
      source: this.source,
      now: Date.now,
      random: Math.random,
    });
  }

  async put(
    topic: string,
    name: string,
    config: SubscriptionConfig,
  ): Promise<{ ok: true; created: boolean; description: SubscriptionDescription } | Failure> {
    try {
      if (config.deadLetterTopic !== null) await this.source.topic(config.deadLetterTopic);
      const current = this.store.load();
      if (current !== null) {
        // startAt only matters on creation; a changed config retries pending batches at once.
        this.store.transaction(() => {
          this.store.setConfig({ ...config, startAt: current.config.startAt });
          for (const state of this.store.partitions()) {
            if (state.retryAt === null) continue;
            this.store.savePartition({ ...state, retryAt: null });
          }
        });
        this.kickAll();
        return { ok: true, created: false, description: await this.description() };
      }
      await this.create(topic, name, config);
      return { ok: true, created: true, description: await this.description() };
    } catch (err) {
      if (err instanceof EdgelogError) return err.toFailure();
      throw err;
    }
  }

  private async create(topic: string, name: string, config: SubscriptionConfig): Promise<void> {
    this.source.forget(topic);
    const meta = await this.source.topic(topic);
    const starts: number[] = [];
    for (const assignment of meta.partitions) {
      const offsets = await this.source.offsets(topic, assignment.partition);
      if (!offsets.ok) throw EdgelogError.fromBody(offsets.error);
      starts.push(config.startAt === "latest" ? offsets.highWatermark : offsets.logStartOffset);
    }
    const watched = await this.deps.cluster.catalog.watchTopic(topic, this.self(topic, name));
    if (!watched.ok) throw EdgelogError.fromBody(watched.error);
    this.store.transaction(() => {
      this.store.create(topic, name, config, Date.now());
      for (const [partition, offset] of starts.entries())
        this.store.addPartition(partition, offset);
    });
    this.kickAll();
  }

  async describe(): Promise<DescriptionResult> {
    if (this.store.load() === null) return notFound();
    return { ok: true, description: await this.description() };
  }

  async remove(): Promise<{ ok: true } | Failure> {
    const sub = this.store.load();
    if (sub === null) return notFound();
    await this.deps.cluster.catalog.unwatchTopic(sub.topic, this.self(sub.topic, sub.name));
    this.store.clear();
    this.deps.setAlarm(null);
    return { ok: true };
  }

  async pause(): Promise<DescriptionResult> {
    if (this.store.load() === null) return notFound();
    this.store.setPaused(true);
    return { ok: true, description: await this.description() };
  }

  /** Resumes: pending retries (a 410's batch too) are tried at once, same batch, same id. */
  async resume(): Promise<DescriptionResult> {
    if (this.store.load() === null) return notFound();
    this.store.transaction(() => {
      this.store.setPaused(false);
      for (const state of this.store.partitions()) {
        if (state.retryAt !== null) this.store.savePartition({ ...state, retryAt: null });
      }
    });
    this.kickAll();
    return { ok: true, description: await this.description() };
  }

  /** From an append watch or the catalog: the partition may have news (or is new). */
  async wake(topic: string, partition: number): Promise<void> {
    const sub = this.store.load();
    if (sub === null || sub.topic !== topic) return;
    if (this.store.partition(partition) === null) {
      // Partitions added to the topic after the subscription: delivered from their start.
      this.source.forget(topic);
      const meta = await this.source.topic(topic).catch(() => null);
      if (meta === null || partition >= meta.partitions.length) return;
      this.store.addPartition(partition, 0);
    }
    this.kick(partition);
  }

  /** A retry is due, or a delivery's watchdog fired: every partition takes a step. */
  alarm(): void {
    this.kickAll();
    this.reschedule();
  }

  private kickAll(): void {
    for (const state of this.store.partitions()) this.kick(state.partition);
  }

  private kick(partition: number): void {
    if (this.running.has(partition)) {
      this.again.add(partition);
      return;
    }
    this.running.add(partition);
    this.reschedule();
    // A failure past run's own handling (storage gone as the object shuts down) is left to the
    // watchdog alarm set just above: it must not surface as an unhandled rejection.
    this.deps.background(this.run(partition).catch(() => undefined));
  }

  private async run(partition: number): Promise<void> {
    try {
      for (let step = 0; step < STEPS_PER_RUN_MAX; step++) {
        const sub = this.store.load();
        if (sub === null) return;
        const outcome = await this.pump.step(partition, this.self(sub.topic, sub.name));
        if (outcome === "idle") return;
        if (step === STEPS_PER_RUN_MAX - 1) this.again.add(partition);
      }
    } catch {
      // An unexpected failure: the watchdog alarm set for this run tries again.
    } finally {
      this.running.delete(partition);
      this.reschedule();
      if (this.again.delete(partition)) this.kick(partition);
    }
  }

  /** The alarm runs only while a retry is pending or a delivery runs (its watchdog). */
  private reschedule(): void {
    const sub = this.store.load();
    if (sub === null) {
      this.deps.setAlarm(null);
      return;
    }
    let at = sub.paused ? null : this.store.retryAtMin();
    if (this.running.size > 0) {
      const watchdog = Date.now() + sub.config.timeoutMs + WATCHDOG_EXTRA_MS;
      at = at === null ? watchdog : Math.min(at, watchdog);
    }
    this.deps.setAlarm(at);
  }

  private self(topic: string, name: string): WatcherRef {
    return { kind: SUBSCRIPTION_KIND, name: subscriptionObjectName(topic, name) };
  }

  private async description(): Promise<SubscriptionDescription> {
    const sub = this.store.load() as SubscriptionRow;
    const states = this.store.partitions();
    const partitions = await Promise.all(
      states.map(async (state): Promise<SubscriptionPartitionView> => {
        const offsets = await this.source.offsets(sub.topic, state.partition);
        const highWatermark = offsets.ok ? offsets.highWatermark : null;
        return {
          partition: state.partition,
          deliveredOffset: state.deliveredOffset,
          highWatermark,
          lagRecords:
            highWatermark === null ? null : Math.max(highWatermark - state.deliveredOffset, 0),
          attempts: state.attempts,
          ...(state.lastError === null ? {} : { lastError: state.lastError }),
        };
      }),
    );
    const failing = states.some((s) => s.attempts >= sub.config.maxAttempts);
    const state: SubscriptionState = sub.paused ? "paused" : failing ? "failing" : "active";
    return {
      name: sub.name,
      topic: sub.topic,
      config: publicSubscriptionConfig(sub.config),
      state,
      partitions,
      delivered: sub.delivered,
      deadLettered: sub.deadLettered,
    };
  }
}

function notFound(): Failure {
  return fail("SUBSCRIPTION_NOT_FOUND", "no such subscription");
}
