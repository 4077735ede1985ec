// A share partition's record states (KIP-932): acquired under a lease, available again after a
// release or an expired lease, acknowledged (accepted), archived (rejected, delivered too often,
// or removed by retention). Every change here is synchronous SQL: no other call interleaves
// between a check and its write, so a record is never leased to two consumers at once.
import type { AckResult, ShareAck, ShareGroupConfig } from "../protocol/share-group-request.js";
import type { DeadReason } from "./share-outbox.js";
import type { InFlightRecord, RecordState, ShareStore } from "./share-store.js";

/** Leases expired per pass; the alarm or the next request continues with the rest. */
const EXPIRIES_PER_PASS_MAX = 1_000;

export class ShareLeases {
  constructor(private readonly store: ShareStore) {}

  /** Overdue leases end: the record is available again, or archived once delivered too often. */
  expire(config: ShareGroupConfig, now: number): number {
    const expired = this.store.expiredLeases(now, EXPIRIES_PER_PASS_MAX);
    if (expired.length === 0) return 0;
    this.store.transaction(() => {
      for (const [, rows] of byPartition(expired)) {
        const { topic, partition } = rows[0] as (typeof rows)[number];
        this.endDeliveries(config, topic, partition, rows);
        this.advance(topic, partition);
      }
    });
    return expired.length;
  }

  /**
   * Applies acks in one transaction, a few statements per partition whatever their number:
   * accepted records are durable before the answer.
   */
  ack(config: ShareGroupConfig, acks: ShareAck[], now: number): AckResult[] {
    return this.store.transaction(() => {
      const results: AckResult[] = [];
      for (const [, indexed] of byPartition(acks.map((ack, i) => ({ ...ack, i })))) {
        const { topic, partition } = indexed[0] as (typeof indexed)[number];
        const rows = new Map(
          this.store
            .recordsAt(
              topic,
              partition,
              indexed.map((a) => a.offset),
            )
            .map((r) => [r.offset, r]),
        );
        const accepted: number[] = [];
        const ended: InFlightRecord[] = [];
        for (const ack of indexed) {
          const row = rows.get(ack.offset) ?? null;
          const result = this.check(ack, row, now);
          results[ack.i] = result;
          if (!result.ok || row === null || row.state !== "acquired") continue;
          // Later acks of the same offset in this request see its new state.
          rows.set(ack.offset, { ...row, state: resultOf(ack.type), leaseDeadline: null });
          if (ack.type === "accept") accepted.push(ack.offset);
          else if (ack.type === "reject") this.archive(config, topic, partition, row, "rejected");
          else ended.push(row);
        }
        this.store.setStates(topic, partition, accepted, "acknowledged");
        this.endDeliveries(config, topic, partition, ended);
        this.advance(topic, partition);
      }
      return results;
    });
  }

  /** Whether `ack` may change `row`: its lease, unexpired; or a repeat of what it already did. */
  private check(ack: ShareAck, row: InFlightRecord | null, now: number): AckResult {
    const where = { topic: ack.topic, partition: ack.partition, offset: ack.offset };
    const refused = (message: string): AckResult => ({
      ...where,
      ok: false,
      error: { code: "LEASE_EXPIRED", message },
    });
    if (row === null || row.leaseId !== ack.leaseId) {
      return refused("this record is not leased under this lease id");
    }
    if (row.state !== "acquired") {
      // A retried ack of the same lease answers as the first did; anything else is too late.
      return row.state === resultOf(ack.type) ? { ...where, ok: true } : refused("lease ended");
    }
    if ((row.leaseDeadline ?? 0) <= now) return refused("the lease expired");
    return { ...where, ok: true };
  }

  /** Deliveries that ended without an accept: available again, or archived out of attempts. */
  private endDeliveries(
    config: ShareGroupConfig,
    topic: string,
    partition: number,
    rows: InFlightRecord[],
  ): void {
    const again: number[] = [];
    for (const row of rows) {
      if (row.deliveryCount >= config.maxDeliveryAttempts) {
        this.archive(config, topic, partition, row, "max-deliveries");
      } else {
        again.push(row.offset);
      }
    }
    this.store.setStates(topic, partition, again, "available");
  }

  private archive(
    config: ShareGroupConfig,
    topic: string,
    partition: number,
    row: InFlightRecord,
    reason: DeadReason,
  ): void {
    this.store.putRecord(topic, partition, { ...row, state: "archived", leaseDeadline: null });
    this.store.addArchived(topic, partition, 1);
    if (config.deadLetterTopic !== undefined) {
      const deadTopic = config.deadLetterTopic;
      this.store.outbox.add({ topic, partition, offset: row.offset, reason, deadTopic });
    }
  }

  /** Leases those of `offsets` available now (redeliveries); others took the rest. */
  acquireAvailable(
    topic: string,
    partition: number,
    offsets: number[],
    leaseId: string,
    deadline: number,
  ): Map<number, number> {
    if (offsets.length === 0) return new Map();
    const leased = this.store.leaseAvailable(topic, partition, offsets, leaseId, deadline);
    return new Map(leased.map((l) => [l.offset, l.deliveryCount]));
  }

  /** Leases records never delivered before (ascending, past the end offset), which moves. */
  acquireNew(
    topic: string,
    partition: number,
    offsets: number[],
    leaseId: string,
    deadline: number,
  ): void {
    const last = offsets[offsets.length - 1];
    if (last === undefined) return;
    const share = this.store.partition(topic, partition);
    if (share === null || (offsets[0] as number) < share.endOffset) {
      throw new Error(`offset ${offsets[0]} of ${topic}/${partition} is not past the end offset`);
    }
    this.store.insertLeased(topic, partition, offsets, leaseId, deadline);
    this.store.setOffsets(topic, partition, share.startOffset, last + 1);
  }

  /**
   * Retention removed everything below `logStartOffset`: records not yet accepted or leased there
   * count as archived (design/delivery.md), and both offsets move up to it. A leased record keeps
   * its lease: its consumer may still accept it.
   */
  retentionRemoved(topic: string, partition: number, logStartOffset: number): void {
    this.store.transaction(() => {
      const share = this.store.partition(topic, partition);
      if (share === null || share.startOffset >= logStartOffset) return;
      const window = this.store.records(topic, partition, "available", Number.MAX_SAFE_INTEGER);
      const gone = window.filter((r) => r.offset < logStartOffset);
      for (const row of gone) {
        this.store.putRecord(topic, partition, { ...row, state: "archived", leaseDeadline: null });
      }
      const neverLeased = Math.max(0, logStartOffset - share.endOffset);
      this.store.addArchived(topic, partition, gone.length + neverLeased);
      this.store.setOffsets(
        topic,
        partition,
        share.startOffset,
        Math.max(share.endOffset, logStartOffset),
      );
      this.advance(topic, partition);
    });
  }

  /** Available records the log no longer holds (compacted away): archived, no dead letter. */
  archiveGone(topic: string, partition: number, offsets: number[]): void {
    if (offsets.length === 0) return;
    this.store.transaction(() => {
      let count = 0;
      for (const offset of offsets) {
        const row = this.store.record(topic, partition, offset);
        if (row?.state !== "available") continue;
        this.store.putRecord(topic, partition, { ...row, state: "archived", leaseDeadline: null });
        count++;
      }
      this.store.addArchived(topic, partition, count);
      this.advance(topic, partition);
    });
  }

  /** Moves the start offset past the accepted and archived records at the window's bottom. */
  advance(topic: string, partition: number): void {
    const share = this.store.partition(topic, partition);
    if (share === null) return;
    const start = this.store.firstOpenOffset(topic, partition) ?? share.endOffset;
    if (start === share.startOffset) return;
    this.store.deleteRecordsBelow(topic, partition, start);
    this.store.setOffsets(topic, partition, start, share.endOffset);
  }
}

/** Items grouped by share partition, in first-seen order. */
function byPartition<T extends { topic: string; partition: number }>(items: T[]) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = `${item.topic}\u0000${item.partition}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function resultOf(type: ShareAck["type"]): RecordState {
  if (type === "accept") return "acknowledged";
  return type === "reject" ? "archived" : "available";
}
