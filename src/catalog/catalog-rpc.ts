// What the catalog object answers over Workers RPC; failures are values (see errors.ts).
import type { Failure } from "../protocol/errors.js";
import type { AlterTopicRequest, CreateTopicRequest } from "../protocol/topic-request.js";
import type { TopicMetadata } from "../protocol/types.js";

export type TopicResult = { ok: true; topic: TopicMetadata } | Failure;

export interface CatalogRpc {
  createTopic(request: CreateTopicRequest): Promise<TopicResult>;
  alterTopic(name: string, request: AlterTopicRequest): Promise<TopicResult>;
  deleteTopic(name: string): Promise<{ ok: true } | Failure>;
  getTopic(name: string): Promise<TopicResult>;
  listTopics(): Promise<{ ok: true; topics: TopicMetadata[] }>;
}
