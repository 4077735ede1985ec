// acks="all" produces waiting for the high watermark to reach their records (DESIGN.md §3):
// each resolves once committed, on its timeout, or when this replica stops leading.

export type CommitOutcome = "committed" | "timeout" | "not-leader";

type CommitWaiter = { offset: number; resolve: (outcome: CommitOutcome) => void };

export class CommitWaiters {
  private readonly waiters = new Set<CommitWaiter>();

  get size(): number {
    return this.waiters.size;
  }

  /** Resolves once `committed(highWatermark)` covers `offset`, on timeout, or on `endAll`. */
  wait(offset: number, timeoutMs: number): Promise<CommitOutcome> {
    return new Promise((resolve) => {
      const waiter: CommitWaiter = {
        offset,
        resolve: (outcome) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(outcome);
        },
      };
      const timer = setTimeout(() => waiter.resolve("timeout"), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The high watermark stands at `highWatermark`: every write below it is committed. */
  committed(highWatermark: number): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.offset <= highWatermark) waiter.resolve("committed");
    }
  }

  /** Leadership is lost: no waiting write can be answered as committed by this replica. */
  endAll(): void {
    for (const waiter of [...this.waiters]) waiter.resolve("not-leader");
  }
}
