// Byte-rate quotas per token (Kafka's produce and fetch quotas), enforced by this gateway
// isolate: like Kafka's, which are per broker, each isolate holds its own buckets. A request
// is refused with RATE_LIMITED while its token's bucket is below zero; the bytes it moves are
// charged once known.
import type { Principal } from "../auth/principal.js";
import { TokenBucket } from "../auth/token-bucket.js";
import { EdgelogError } from "../protocol/errors.js";
import { TOKEN_CACHE_ENTRIES_MAX } from "../protocol/limits.js";

export type QuotaKind = "produce" | "fetch";

export class QuotaMeter {
  private readonly buckets = new Map<string, TokenBucket>();

  private bucket(principal: Principal, kind: QuotaKind, now: number): TokenBucket | null {
    if (principal.kind !== "token") return null;
    const rate =
      kind === "produce"
        ? principal.quotas?.produceBytesPerSec
        : principal.quotas?.fetchBytesPerSec;
    if (rate === undefined) return null;
    // A token's quota may change only by a new token, so the id and kind name the bucket.
    const key = `${principal.id}/${kind}/${rate}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= 2 * TOKEN_CACHE_ENTRIES_MAX) this.buckets.clear();
      bucket = new TokenBucket(rate, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Throws RATE_LIMITED (with retryAfterMs) while the token is over its `kind` quota. */
  check(principal: Principal, kind: QuotaKind, now: number): void {
    const waitMs = this.bucket(principal, kind, now)?.waitMs(now) ?? 0;
    if (waitMs === 0) return;
    throw new EdgelogError("RATE_LIMITED", `this token is over its ${kind} byte-rate quota`, {
      quota: kind,
      retryAfterMs: waitMs,
    });
  }

  /** Counts `bytes` against the token's `kind` quota. */
  charge(principal: Principal, kind: QuotaKind, bytes: number, now: number): void {
    this.bucket(principal, kind, now)?.take(bytes, now);
  }
}
