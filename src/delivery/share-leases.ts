// A share partition's record states (KIP-932): acquired under a lease, available again after a
// release or an expired lease, acknowledged (accepted), archived (rejected, delivered too often,
// or removed by retention). Every change here is synchronous SQL: no other call interleaves
// between a check and its write, so a record is never leased to two consumers at once.
import type { AckResult, ShareAck, ShareGroupConfig } from "../protocol/share-group-request.js";
import type { DeadReason, InFlightRecord, RecordState, ShareStore } from "./share-store.js";

/** Leases expired per pass; the alarm or the next request continues with the rest. */
const EXPIRIES_PER_PASS_MAX = 1_000;

export class ShareLeases {
  constructor(private readonly store: ShareStore) {}

  /** Overdue leases end: the record is available again, or archived once delivered too often. */
  expire(config: ShareGroupConfig, now: number): number {
    const expired = this.store.expiredLeases(now, EXPIRIES_PER_PASS_MAX);
    if (expired.length === 0) return 0;
    this.store.transaction(() => {
      const touched = new Set<string>();
      for (const row of expired) {
        this.endDelivery(config, row.topic, row.partition, row);
        touched.add(JSON.stringify([row.topic, row.partition]));
      }
      for (const key of touched) {
        const [topic, partition] = JSON.parse(key) as [string, number];
        this.advance(topic, partition);
      }
    });
    return expired.length;
  }

  /** Applies acks in one transaction: accepted records are durable before the answer. */
  ack(config: ShareGroupConfig, acks: ShareAck[], now: number): AckResult[] {
    return this.store.transaction(() => {
      const touched = new Map<string, { topic: string; partition: number }>();
      const results = acks.map((ack) => {
        const result = this.applyAck(config, ack, now);
        if (result.ok) touched.set(`${ack.topic}\u0000${ack.partition}`, ack);
        return result;
      });
      for (const { topic, partition } of touched.values()) this.advance(topic, partition);
      return results;
    });
  }

  private applyAck(config: ShareGroupConfig, ack: ShareAck, now: number): AckResult {
    const where = { topic: ack.topic, partition: ack.partition, offset: ack.offset };
    const row = this.store.record(ack.topic, ack.partition, ack.offset);
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
    if (ack.type === "accept") {
      this.store.putRecord(ack.topic, ack.partition, { ...row, state: "acknowledged" });
    } else if (ack.type === "reject") {
      this.archive(config, ack.topic, ack.partition, row, "rejected");
    } else {
      this.endDelivery(config, ack.topic, ack.partition, row);
    }
    return { ...where, ok: true };
  }

  /** A delivery ended without an accept: available again, or archived when out of attempts. */
  private endDelivery(
    config: ShareGroupConfig,
    topic: string,
    partition: number,
    row: InFlightRecord,
  ): void {
    if (row.deliveryCount >= config.maxDeliveryAttempts) {
      this.archive(config, topic, partition, row, "max-deliveries");
    } else {
      this.store.putRecord(topic, partition, { ...row, state: "available", leaseDeadline: null });
    }
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
      this.store.addDeadLetter({ topic, partition, offset: row.offset, reason, deadTopic });
    }
  }

  /** Leases `offset` if it is available now (a redelivery); null if someone else took it. */
  acquireAvailable(
    topic: string,
    partition: number,
    offset: number,
    leaseId: string,
    deadline: number,
  ): InFlightRecord | null {
    const row = this.store.record(topic, partition, offset);
    if (row === null || row.state !== "available") return null;
    const leased: InFlightRecord = {
      offset,
      state: "acquired",
      leaseId,
      leaseDeadline: deadline,
      deliveryCount: row.deliveryCount + 1,
    };
    this.store.putRecord(topic, partition, leased);
    return leased;
  }

  /** Leases a record never delivered before; the end offset moves past it. */
  acquireNew(
    topic: string,
    partition: number,
    offset: number,
    leaseId: string,
    deadline: number,
  ): InFlightRecord {
    const share = this.store.partition(topic, partition);
    if (share === null || offset < share.endOffset) {
      throw new Error(`offset ${offset} of ${topic}/${partition} is not past the end offset`);
    }
    const leased: InFlightRecord = {
      offset,
      state: "acquired",
      leaseId,
      leaseDeadline: deadline,
      deliveryCount: 1,
    };
    this.store.putRecord(topic, partition, leased);
    this.store.setOffsets(topic, partition, share.startOffset, offset + 1);
    return leased;
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

function resultOf(type: ShareAck["type"]): RecordState {
  if (type === "accept") return "acknowledged";
  return type === "reject" ? "archived" : "available";
}
