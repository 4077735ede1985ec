// Stores written by the release before these columns existed upgrade in place: a catalog's
// topics gain `internal` (absent on every older topic, as none was internal), and the query
// registry's queries gain their failure (null: an older query reads as running).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CATALOG_MIGRATIONS } from "../../src/catalog/catalog-schema.js";
import { TopicStore } from "../../src/catalog/topic-store.js";
import { migrate } from "../../src/log/sql.js";
import { QUERY_REGISTRY_MIGRATIONS, QueryRegistry } from "../../src/sql/query-registry.js";
import type { Env } from "../../workers/env.js";

/** A query registry object no other test uses, emptied: its SQLite is the test's scratch. */
function scratch(name: string) {
  return (env as unknown as Env).QUERIES.getByName(`schema-upgrade/${name}`);
}

function startOver(sql: SqlStorage): void {
  sql.exec("DROP TABLE queries");
  sql.exec("DELETE FROM _migrations");
}

const topicConfig = {
  replicationFactor: 1,
  minInsyncReplicas: 1,
  replicaLagMs: 10_000,
  cleanupPolicy: "delete" as const,
};

describe("stream SQL schema upgrades", () => {
  it("keeps topics stored before `internal` existed, and stores internal topics after", async () => {
    await runInDurableObject(scratch("catalog"), (_instance, state) => {
      const sql = state.storage.sql;
      const transaction = <T>(fn: () => T): T => state.storage.transactionSync(fn);
      startOver(sql);
      migrate(sql, transaction, CATALOG_MIGRATIONS.slice(0, -1));
      sql.exec(
        "INSERT INTO topics (name, topic_id, config, created_at) VALUES ('old', 'id-old', ?, 1)",
        JSON.stringify(topicConfig),
      );
      const store = new TopicStore(sql, transaction);
      expect(store.get("old")).toEqual({
        name: "old",
        topicId: "id-old",
        createdAt: 1,
        config: topicConfig,
        partitions: [],
      });
      store.put({
        name: "_query-x-repartition",
        topicId: "id-new",
        createdAt: 2,
        config: topicConfig,
        partitions: [],
        internal: true,
      });
      expect(store.list().map((t) => [t.name, t.internal])).toEqual([
        ["_query-x-repartition", true],
        ["old", undefined],
      ]);
    });
  });

  it("reads queries registered before failures were kept as running", async () => {
    await runInDurableObject(scratch("registry"), (_instance, state) => {
      const sql = state.storage.sql;
      const transaction = <T>(fn: () => T): T => state.storage.transactionSync(fn);
      startOver(sql);
      migrate(sql, transaction, QUERY_REGISTRY_MIGRATIONS.slice(0, 1));
      const record = { id: "q1", name: "old", outputTopic: "old", kind: "stream" };
      sql.exec(
        "INSERT INTO queries (id, name, output_topic, kind, record) VALUES ('q1', 'old', 'old', 'stream', ?)",
        JSON.stringify(record),
      );
      const registry = new QueryRegistry(sql, transaction);
      expect(registry.list()).toEqual([{ ...record, failure: null }]);
      registry.markFailed("q1", "RECORD_TOO_LARGE: first");
      registry.markFailed("q1", "RECORD_TOO_LARGE: second");
      expect(registry.list()[0]?.failure).toBe("RECORD_TOO_LARGE: first");
    });
  });
});
