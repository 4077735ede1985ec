// Appends in request order, per connection and partition. A Kafka broker handles one request of
// a connection at a time, so a producer with several Produce requests in flight (librdkafka's
// max.in.flight defaults to 1,000,000, the Java client's to 5) gets its batches appended in the
// order it sent them. The gateway answers up to KAFKA_IN_FLIGHT_PER_CONNECTION_MAX
// requests at once; their HTTP appends to edgelog, on separate connections, could land in any
// order (2–3 batches of 50 swapped in a kcat run before this). Decoding still runs ahead; only
// the appends to one partition wait for the one before.

export interface AppendTurn {
  /** Settles when every earlier append of this connection to the partition has finished. */
  ready: Promise<void>;
  /** Call once this append finished (answered or failed), to let the next one go. */
  done: () => void;
}

export class AppendOrder {
  /** "topic\0partition" → the last append queued there. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Queues an append to `topic`/`partition`; call in request order (synchronously on arrival). */
  enter(topic: string, partition: number): AppendTurn {
    const key = `${topic}\0${partition}`;
    const ready = this.tails.get(key) ?? Promise.resolve();
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = ready.then(() => finished);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return { ready, done };
  }
}
