// The catalog Durable Object (one, named `catalog`): topics, partitions, leaders, epochs, ISR.
// A thin shell over TopicCatalog that turns expected failures into RPC result values.
import { DurableObject } from "cloudflare:workers";
import { type StoredToken, TokenStore } from "../../src/auth/token-store.js";
import type { CatalogRpc, TopicResult } from "../../src/catalog/catalog-rpc.js";
import type { IsrChange } from "../../src/catalog/partition-leadership.js";
import { TopicCatalog } from "../../src/catalog/topic-catalog.js";
import { TopicStore } from "../../src/catalog/topic-store.js";
import { TopicWatcherStore } from "../../src/catalog/topic-watcher-store.js";
import { TopicWatchers } from "../../src/catalog/topic-watchers.js";
import type { PartitionReplicaRpc } from "../../src/log/partition-rpc.js";
import type { WatcherRef } from "../../src/log/watch-store.js";
import { EdgelogError, type Failure, fail } from "../../src/protocol/errors.js";
import { TOKENS_MAX } from "../../src/protocol/limits.js";
import type { AlterTopicRequest, CreateTopicRequest } from "../../src/protocol/topic-request.js";
import type { TrackConfig } from "../../src/protocol/track-config.js";
import type { GroupProtocol, TopicMetadata } from "../../src/protocol/types.js";
import type { WebhookConfig } from "../../src/protocol/webhook-config.js";
import type { Env } from "../env.js";
import { answer } from "./answer.js";
import { replicaStub } from "./replica-stub.js";
import { isWatcherKind, watcherStub } from "./watcher-stub.js";

/**
 * Wakes a watcher after a leader change; one retry, because a watcher that misses this wake
 * sleeps until its partition's next append on the old leader, which may never come.
 */
async function wakeWatcher(env: Env, watcher: WatcherRef, topic: string, partition: number) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await watcherStub(env, watcher.kind, watcher.name).wake(topic, partition);
      return;
    } catch {
      // Unreachable for a moment: the second attempt, then nothing more to do from here.
    }
  }
}

export class Catalog extends DurableObject<Env> implements CatalogRpc {
  private readonly catalog: TopicCatalog;
  private readonly tokens: TokenStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const store = new TopicStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
    this.tokens = new TokenStore(ctx.storage.sql);
    this.catalog = new TopicCatalog(
      store,
      (topic, partition, replica, locationHint): PartitionReplicaRpc =>
        replicaStub(env, topic, partition, replica, locationHint),
      new TopicWatchers(new TopicWatcherStore(ctx.storage.sql), (watcher, topic, partition) =>
        ctx.waitUntil(wakeWatcher(env, watcher, topic, partition)),
      ),
    );
  }

  createTopic(request: CreateTopicRequest): Promise<TopicResult> {
    return answer(async () => ({ ok: true, topic: await this.catalog.create(request) }));
  }

  alterTopic(name: string, request: AlterTopicRequest): Promise<TopicResult> {
    return answer(async () => ({ ok: true, topic: await this.catalog.alter(name, request) }));
  }

  deleteTopic(name: string): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.catalog.delete(name);
      return { ok: true };
    });
  }

  getTopic(name: string): Promise<TopicResult> {
    return answer(async () => ({ ok: true, topic: this.catalog.get(name) }));
  }

  async listTopics(): Promise<{ ok: true; topics: TopicMetadata[] }> {
    return { ok: true, topics: this.catalog.list() };
  }

  setTracker(
    topic: string,
    origins: string[],
    dedupeWindowSec: number,
    rotateKey: boolean,
  ): Promise<{ ok: true; config: TrackConfig } | Failure> {
    return answer(
      async () =>
        ({
          ok: true,
          config: this.catalog.setTracker(topic, origins, dedupeWindowSec, rotateKey),
        }) as const,
    );
  }

  getTracker(topic: string): Promise<{ ok: true; config: TrackConfig | null } | Failure> {
    return answer(async () => ({ ok: true, config: this.catalog.tracker(topic) }) as const);
  }

  setWebhook(topic: string, config: WebhookConfig): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      this.catalog.setWebhook(topic, config);
      return { ok: true } as const;
    });
  }

  getWebhook(topic: string): Promise<{ ok: true; config: WebhookConfig | null } | Failure> {
    return answer(async () => ({ ok: true, config: this.catalog.webhook(topic) }) as const);
  }

  async initProducer(name: string): Promise<{ ok: true; id: string; epoch: number }> {
    return { ok: true, ...this.catalog.initProducer(name) };
  }

  registerGroup(
    name: string,
    exists: boolean,
    protocol: GroupProtocol = "consumer",
  ): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      this.catalog.registerGroup(name, exists, protocol);
      return { ok: true } as const;
    });
  }

  async groupProtocol(name: string): Promise<{ ok: true; protocol: GroupProtocol | null }> {
    return { ok: true, protocol: this.catalog.groupProtocol(name) };
  }

  async listGroups(protocol: GroupProtocol = "consumer"): Promise<{ ok: true; groups: string[] }> {
    return { ok: true, groups: this.catalog.groups(protocol) };
  }

  async partitionCounts(topics: string[]): Promise<Record<string, number | null>> {
    return this.catalog.partitionCounts(topics);
  }

  watchTopic(topic: string, watcher: WatcherRef): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      if (!isWatcherKind(this.env, watcher.kind)) {
        throw new EdgelogError(
          "INVALID_REQUEST",
          `no watcher kind ${JSON.stringify(watcher.kind)}`,
        );
      }
      this.catalog.watch(topic, watcher);
      return { ok: true } as const;
    });
  }

  topicWatchers(topic: string): Promise<{ ok: true; watchers: WatcherRef[] } | Failure> {
    return answer(async () => ({ ok: true, watchers: this.catalog.listWatchers(topic) }) as const);
  }

  async watchersOfKind(
    kind: string,
  ): Promise<{ ok: true; watchers: Array<{ topic: string; name: string }> }> {
    return { ok: true, watchers: this.catalog.watchersOfKind(kind) };
  }

  async unwatchTopic(topic: string, watcher: WatcherRef): Promise<{ ok: true }> {
    this.catalog.unwatch(topic, watcher);
    return { ok: true };
  }

  alterIsr(change: IsrChange): Promise<{ ok: true } | Failure> {
    return answer(async () => {
      await this.catalog.alterIsr(change);
      return { ok: true };
    });
  }

  failover(topic: string, partition: number, leaderEpoch: number): Promise<TopicResult> {
    return answer(async () => ({
      ok: true,
      topic: await this.catalog.failover(topic, partition, leaderEpoch),
    }));
  }

  async createToken(token: StoredToken): Promise<{ ok: true } | Failure> {
    if (this.tokens.count() >= TOKENS_MAX) {
      return fail("INVALID_REQUEST", `at most ${TOKENS_MAX} tokens; revoke some first`, {
        tokensMax: TOKENS_MAX,
      });
    }
    this.tokens.put(token);
    return { ok: true };
  }

  async getToken(id: string): Promise<{ ok: true; token: StoredToken | null }> {
    return { ok: true, token: this.tokens.get(id) };
  }

  async listTokens(): Promise<{ ok: true; tokens: StoredToken[] }> {
    return { ok: true, tokens: this.tokens.list() };
  }

  async revokeToken(id: string): Promise<{ ok: true } | Failure> {
    if (this.tokens.delete(id)) return { ok: true };
    return fail("TOKEN_NOT_FOUND", "no such token");
  }

  replicaUp(topic: string, partition: number, replica: number): Promise<TopicResult> {
    return answer(async () => ({
      ok: true,
      topic: await this.catalog.replicaUp(topic, partition, replica),
    }));
  }
}
