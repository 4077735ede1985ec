// What an object woken by appends answers over Workers RPC (append-watches.ts).

export interface AppendWatcherRpc {
  /**
   * Something may be new on `topic`/`partition`: its high watermark passed the watched offset,
   * or its leader changed (the new leader does not hold watches armed on the old one), or the
   * partition was just created. The watcher reads, and arms again when it has caught up. Must
   * answer quickly: the caller does not wait for the work it starts. A spurious wake is harmless.
   */
  wake(topic: string, partition: number): Promise<void>;
}
