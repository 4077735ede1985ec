// A token bucket for byte-rate quotas (Kafka's produce and fetch quotas): it refills at
// `ratePerSec` up to one burst, and a request may take it below zero; while it is below zero
// requests are refused, with the time until it is back above zero.
import { QUOTA_BURST_MS } from "../protocol/limits.js";

export class TokenBucket {
  private level: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSec: number,
    now: number,
  ) {
    this.level = this.capacity;
    this.updatedAt = now;
  }

  private get capacity(): number {
    return (this.ratePerSec * QUOTA_BURST_MS) / 1000;
  }

  private refill(now: number): void {
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.level = Math.min(this.capacity, this.level + (this.ratePerSec * elapsedMs) / 1000);
    this.updatedAt = now;
  }

  /** Milliseconds until a request may pass (0: now). */
  waitMs(now: number): number {
    this.refill(now);
    return this.level > 0 ? 0 : Math.ceil((-this.level * 1000) / this.ratePerSec) || 1;
  }

  /** Takes `amount` (it may go below zero: the next request waits for it). */
  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }
}
