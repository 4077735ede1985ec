// The SDK's entry point: `new Edgelog({url, token?, fetch?})`, then `producer()`, `consumer()`,
// `shareConsumer()` and `admin()`, all over one fetch. Pass a Workers service binding's fetch to
// call edgelog without leaving Cloudflare:
// `new Edgelog({url: "https://edgelog", fetch: (r) => env.EDGELOG.fetch(r)})`.

import type { FetchResponse } from "../protocol/types.js";
import { Admin } from "./admin.js";
import { ClassicGroups } from "./classic-groups.js";
import { ClientLog } from "./client-log.js";
import { Consumer, type ConsumerOptions } from "./consumer.js";
import { checkLogLevel, type LogOptions } from "./logger.js";
import { Producer, type ProducerOptions } from "./producer.js";
import { Queries } from "./queries.js";
import { type ReadOptions, readPartition } from "./read.js";
import { RETRY_DEFAULTS, type RetryOptions } from "./retry.js";
import { ShareConsumer, type ShareConsumerOptions } from "./share-consumer.js";
import { Subscriptions } from "./subscriptions.js";
import { type TailOptions, type TailPage, tailPartition } from "./tail.js";
import { Transport, type TransportOptions } from "./transport.js";

/**
 * `logger` and `logLevel` (LogOptions) apply to everything this client makes; a producer's or
 * consumer's own options override them.
 */
export interface EdgelogOptions extends TransportOptions, LogOptions {
  /** Backoff for retriable errors (defaults: 5 retries from 100 ms, doubling, up to 5 s). */
  retry?: Partial<RetryOptions>;
}

export class Edgelog {
  readonly transport: Transport;
  readonly retry: RetryOptions;
  private readonly logging: LogOptions = {};
  private readonly readLog: ClientLog;

  constructor(options: EdgelogOptions) {
    this.transport = new Transport(options);
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
    if (options.logger !== undefined) this.logging.logger = options.logger;
    this.logging.logLevel = checkLogLevel(options.logLevel);
    this.readLog = new ClientLog("read", this.logging);
  }

  producer(options: ProducerOptions = {}): Producer {
    return new Producer(this.transport, this.retry, { ...this.logging, ...defined(options) });
  }

  /** A group member (KafkaJS's `consumer({groupId})`): subscribe, run, commit, disconnect. */
  consumer(options: ConsumerOptions): Consumer {
    return new Consumer(this.transport, this.retry, { ...this.logging, ...defined(options) });
  }

  /**
   * A share-group consumer (KIP-932): `run({eachMessage})` leases records, accepts each on
   * success and releases it on a throw; any number of them may read one partition.
   */
  shareConsumer(options: ShareConsumerOptions): ShareConsumer {
    return new ShareConsumer(this.transport, this.retry, { ...this.logging, ...defined(options) });
  }

  /** Stream SQL: persistent queries, pull queries, push queries (README "Stream SQL"). */
  get queries(): Queries {
    return new Queries(this.transport, this.retry, new ClientLog("queries", this.logging));
  }

  admin(): Admin {
    return new Admin(this.transport, this.retry, new ClientLog("admin", this.logging));
  }

  /**
   * The classic group protocol (Kafka's JoinGroup/SyncGroup) for clients that assign partitions
   * themselves, as the Kafka gateway does for Kafka clients.
   */
  classicGroups(): ClassicGroups {
    return new ClassicGroups(this.transport);
  }

  /** Push subscriptions: edgelog POSTs a topic's records to an HTTPS endpoint. */
  get subscriptions(): Subscriptions {
    return new Subscriptions(
      this.transport,
      this.retry,
      new ClientLog("subscriptions", this.logging),
    );
  }

  /** One page of a partition, outside every group; long-polls up to `waitMs` when nothing is new. */
  read(options: ReadOptions): Promise<FetchResponse> {
    const operation = `read ${options.topic}/${options.partition}`;
    return readPartition(this.transport, this.retry, options, { log: this.readLog, operation });
  }

  /**
   * A partition's records as they are committed (SSE), page by page, resuming after the last
   * page across reconnects: `for await (const page of edgelog.tail({topic, partition}))`.
   */
  tail(options: TailOptions): AsyncGenerator<TailPage> {
    return tailPartition(this.transport, this.retry, options, new ClientLog("tail", this.logging));
  }
}

/** The options without their undefined fields, which must not override the client's logging. */
function defined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}
