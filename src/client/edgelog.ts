// The SDK's entry point: `new Edgelog({url, token?, fetch?})`, then `producer()`, `consumer()`
// and `admin()`, all over one fetch. Pass a Workers service binding's fetch to call edgelog
// without leaving Cloudflare: `new Edgelog({url: "https://edgelog", fetch: (r) => env.EDGELOG.fetch(r)})`.

import type { FetchResponse } from "../protocol/types.js";
import { Admin } from "./admin.js";
import { Consumer, type ConsumerOptions } from "./consumer.js";
import { Producer, type ProducerOptions } from "./producer.js";
import { type ReadOptions, readPartition } from "./read.js";
import { RETRY_DEFAULTS, type RetryOptions } from "./retry.js";
import { type TailOptions, type TailPage, tailPartition } from "./tail.js";
import { Transport, type TransportOptions } from "./transport.js";

export interface EdgelogOptions extends TransportOptions {
  /** Backoff for retriable errors (defaults: 5 retries from 100 ms, doubling, up to 5 s). */
  retry?: Partial<RetryOptions>;
}

export class Edgelog {
  readonly transport: Transport;
  readonly retry: RetryOptions;

  constructor(options: EdgelogOptions) {
    this.transport = new Transport(options);
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
  }

  producer(options: ProducerOptions = {}): Producer {
    return new Producer(this.transport, this.retry, options);
  }

  /** A group member (KafkaJS's `consumer({groupId})`): subscribe, run, commit, disconnect. */
  consumer(options: ConsumerOptions): Consumer {
    return new Consumer(this.transport, this.retry, options);
  }

  admin(): Admin {
    return new Admin(this.transport, this.retry);
  }

  /** One page of a partition, outside every group; long-polls up to `waitMs` when nothing is new. */
  read(options: ReadOptions): Promise<FetchResponse> {
    return readPartition(this.transport, this.retry, options);
  }

  /**
   * A partition's records as they are committed (SSE), page by page, resuming after the last
   * page across reconnects: `for await (const page of edgelog.tail({topic, partition}))`.
   */
  tail(options: TailOptions): AsyncGenerator<TailPage> {
    return tailPartition(this.transport, this.retry, options);
  }
}
