// The edgelog SDK (`import { Edgelog } from "edgelog"`): fetch only, so it runs in Node,
// browsers and Workers.
export {
  type ActivityMinute,
  Admin,
  type AvailableGroupOffset,
  type CreateTopicOptions,
  type GroupDescription,
  type GroupOffset,
  type GroupSummary,
  type LagHistorySample,
  type ResetTarget,
  type ShareGroupConfig,
  type ShareGroupConfigInput,
  type ShareGroupDescription,
  type ShareGroupSummary,
  type UnavailableGroupOffset,
} from "./admin.js";
export {
  type ClassicCaller,
  type ClassicCallOptions,
  ClassicGroups,
  type ClassicJoinAnswer,
  type ClassicJoinOptions,
  type ClassicProtocolOffer,
  type ClassicSyncAnswer,
  type ClassicSyncOptions,
} from "./classic-groups.js";
export type * from "./consumer.js";
export { Consumer } from "./consumer.js";
export { Edgelog, type EdgelogOptions } from "./edgelog.js";
export { EdgelogClientError } from "./errors.js";
export {
  consoleLogger,
  type LogExtra,
  type Logger,
  type LogLevel,
  type LogOptions,
} from "./logger.js";
export { type Message, Producer, type ProducerOptions, type RecordMetadata } from "./producer.js";
export type { ProduceTransport } from "./producer-wire.js";
export {
  type PullQueryAnswer,
  Queries,
  type QueryDescription,
  type QuerySummary,
} from "./queries.js";
export type { ReadOptions } from "./read.js";
export { RETRY_DEFAULTS, type RetryOptions } from "./retry.js";
export {
  ShareConsumer,
  type ShareConsumerOptions,
  type ShareMessage,
  type ShareMessagePayload,
  type ShareRunOptions,
} from "./share-consumer.js";
export {
  type SubscriptionDescription,
  type SubscriptionOptions,
  type SubscriptionPartitionView,
  type SubscriptionState,
  Subscriptions,
} from "./subscriptions.js";
export type { TailOptions, TailPage } from "./tail.js";
export type { FetchFunction } from "./transport.js";
