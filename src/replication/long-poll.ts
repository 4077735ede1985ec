// Long-poll reads (DESIGN.md §4, waitMs): a read that finds nothing new waits for the next
// commit (or the log's drop) and tries again, until it finds records or its wait is over.

export class LongPoll {
  private readonly waiting = new Set<() => void>();

  /** Readers waiting now. */
  get size(): number {
    return this.waiting.size;
  }

  /**
   * Calls `attempt` until `settled` accepts its result or `waitMs` has passed, waiting between
   * attempts for a wake-up (wakeAll). Returns the last result.
   */
  async poll<T>(waitMs: number, attempt: () => T, settled: (result: T) => boolean): Promise<T> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const result = attempt();
      const left = deadline - Date.now();
      if (left <= 0 || settled(result)) return result;
      await this.next(left);
    }
  }

  /** More may be readable (a commit, an append alone in the ISR, a drop): every reader looks. */
  wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }

  /** Resolves on the next wakeAll, or after `ms`. */
  private next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
    });
  }
}
