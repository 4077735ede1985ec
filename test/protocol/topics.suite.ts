// Topic administration over HTTP: create, list, describe, alter, delete, and their errors.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";

interface Described {
  name: string;
  config: Record<string, unknown>;
  partitions: Array<Record<string, unknown>>;
}

export function topicsSuite(api: Api): void {
  describe("topics", () => {
    it("creates a topic with Kafka-like defaults and describes it", async () => {
      const name = uniqueTopic();
      const created = await api.createTopic(name);
      expect(created.status).toBe(201);
      const described = await api.request<Described>("GET", `/v1/topics/${name}`);
      expect(described.status).toBe(200);
      expect(described.body.name).toBe(name);
      expect(described.body.config).toEqual({
        replicationFactor: 1,
        minInsyncReplicas: 1,
        replicaLagMs: 10000,
        cleanupPolicy: "delete",
      });
      expect(described.body.partitions).toEqual([
        {
          partition: 0,
          leader: 0,
          leaderEpoch: 0,
          replicas: [0],
          isr: [0],
          logStartOffset: 0,
          highWatermark: 0,
          logEndOffset: 0,
          storage: { bytes: 0, batches: 0, records: 0 },
        },
      ]);
    });

    it("accounts each partition's storage in bytes, batches and records", async () => {
      const name = uniqueTopic();
      await api.createTopic(name, { partitions: 2 });
      await api.produce(name, [
        { value: "a", partition: 1 },
        { value: "b", partition: 1 },
      ]);
      // An ASCII body whose escapes decode to non-ASCII: its records are measured as UTF-8.
      const escaped = await api.request(
        "POST",
        `/v1/topics/${name}/records`,
        '{"records":[{"value":"caf\\u00e9 \\u2713","partition":1}]}',
      );
      expect(escaped.status).toBe(200);
      const fetched = await api.request<{ records: Array<{ value: unknown }> }>(
        "GET",
        `/v1/topics/${name}/partitions/1/records`,
      );
      // Stored bytes are those of the records as fetch returns them, without separators.
      const recordBytes = fetched.body.records
        .map((r) => new TextEncoder().encode(JSON.stringify(r)).length)
        .reduce((a, b) => a + b, 0);
      const described = await api.request<Described>("GET", `/v1/topics/${name}`);
      expect(described.body.partitions[0]?.storage).toEqual({ bytes: 0, batches: 0, records: 0 });
      expect(described.body.partitions[1]?.storage).toEqual({
        bytes: recordBytes,
        batches: 2,
        records: 3,
      });
      expect(fetched.body.records[2]?.value).toBe("café ✓");
    });

    it("takes cleanupPolicy as Kafka's list and alters it", async () => {
      const name = uniqueTopic();
      expect((await api.createTopic(name, { cleanupPolicy: "delete,compact" })).status).toBe(201);
      const described = await api.request<Described>("GET", `/v1/topics/${name}`);
      expect(described.body.config.cleanupPolicy).toBe("compact,delete");
      const altered = await api.request<Described>("PATCH", `/v1/topics/${name}`, {
        cleanupPolicy: "compact",
      });
      expect(altered.status).toBe(200);
      expect(altered.body.config.cleanupPolicy).toBe("compact");
    });

    it("stores every optional config field it accepts", async () => {
      const name = uniqueTopic();
      const config = {
        partitions: 3,
        retentionMs: 86_400_000,
        retentionBytes: 1_000_000,
        cleanupPolicy: "compact",
        minCompactionLagMs: 0,
        deleteRetentionMs: 60_000,
        replicaLagMs: 5000,
        placement: ["weur"],
      };
      expect((await api.createTopic(name, config)).status).toBe(201);
      const described = await api.request<Described>("GET", `/v1/topics/${name}`);
      const { partitions: _, ...rest } = config;
      expect(described.body.config).toMatchObject(rest);
      expect(described.body.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    });

    it("answers TOPIC_EXISTS for a duplicate name and keeps the first topic", async () => {
      const name = uniqueTopic();
      await api.createTopic(name, { partitions: 2 });
      await api.produce(name, [{ value: 1, partition: 1 }]);
      expectError(await api.createTopic(name, { partitions: 5 }), 409, "TOPIC_EXISTS");
      const described = await api.request<Described>("GET", `/v1/topics/${name}`);
      expect(described.body.partitions.length).toBe(2);
      expect(described.body.partitions[1]?.highWatermark).toBe(1);
    });

    it("rejects names outside [A-Za-z0-9._-]{1,249}", async () => {
      for (const name of ["", "a b", "a/b", "ü", "x".repeat(250), 7, null]) {
        expectError(await api.request("POST", "/v1/topics", { name }), 400, "INVALID_REQUEST");
      }
      const longest = `${"x".repeat(240)}${uniqueTopic("").slice(-9)}`;
      expect((await api.createTopic(longest)).status).toBe(201);
    });

    it('refuses "." and "..", which URL normalisation makes unreachable, wherever a name goes', async () => {
      for (const name of [".", ".."]) {
        expectError(await api.request("POST", "/v1/topics", { name }), 400, "INVALID_REQUEST");
        const join = await api.request("POST", `/v1/groups/${uniqueTopic("g")}/members`, {
          topics: [name],
        });
        expectError(join, 400, "INVALID_REQUEST");
        expectError(await api.request("POST", "/v1/producers", { name }), 400, "INVALID_REQUEST");
        const acl = [{ resource: `topic:${name}`, operations: ["produce"] }];
        const token = await api.request("POST", "/v1/tokens", { name: "t", acl });
        expectError(token, 400, "INVALID_REQUEST");
      }
      const listed = await api.request<{ topics: Array<{ name: string }> }>("GET", "/v1/topics");
      expect(listed.body.topics.map((t) => t.name)).not.toContain(".");
      expect(listed.body.topics.map((t) => t.name)).not.toContain("..");
      // Other names of dots are path segments like any other: created, written, read, deleted.
      for (const name of ["...", `.${uniqueTopic("")}`]) {
        expect((await api.createTopic(name)).status).toBe(201);
        expect((await api.produce(name, [{ value: name }])).status).toBe(200);
        expect((await api.fetch(name, 0)).body.records[0]?.value).toBe(name);
        expect((await api.request("DELETE", `/v1/topics/${name}`)).status).toBe(204);
      }
    });

    it("rejects every field of the wrong JSON type", async () => {
      const bad: Array<Record<string, unknown>> = [
        { partitions: "3" },
        { partitions: 1.5 },
        { partitions: -1 },
        { partitions: 0 },
        { replicationFactor: "1" },
        { replicationFactor: 0 },
        { minInsyncReplicas: 2 },
        { replicaLagMs: "10" },
        { retentionMs: -5 },
        { retentionBytes: "big" },
        { cleanupPolicy: "forever" },
        { minCompactionLagMs: true },
        { deleteRetentionMs: [] },
        { placement: "weur" },
        { placement: ["weur", "enam"] },
        { surprise: 1 },
      ];
      for (const fields of bad) {
        const answer = await api.createTopic(uniqueTopic(), fields);
        expectError(answer, 400, "INVALID_REQUEST");
      }
      expectError(await api.request("POST", "/v1/topics", "[]"), 400, "INVALID_REQUEST");
      expectError(await api.request("POST", "/v1/topics", "{nope"), 400, "INVALID_REQUEST");
    });

    it("lists topics with their partition count and config", async () => {
      const name = uniqueTopic();
      await api.createTopic(name, { partitions: 4 });
      const listed = await api.request<{ topics: Array<Record<string, unknown>> }>(
        "GET",
        "/v1/topics",
      );
      expect(listed.status).toBe(200);
      expect(listed.body.topics.find((t) => t.name === name)).toMatchObject({
        name,
        partitions: 4,
        replicationFactor: 1,
      });
    });

    it("grows partitions and changes retention with PATCH, never shrinks", async () => {
      const name = uniqueTopic();
      await api.createTopic(name, { partitions: 2, retentionMs: 1000 });
      const grown = await api.request<Described>("PATCH", `/v1/topics/${name}`, {
        partitions: 4,
        retentionMs: 5000,
      });
      expect(grown.status).toBe(200);
      expect(grown.body.partitions.length).toBe(4);
      expect(grown.body.config.retentionMs).toBe(5000);
      const produced = await api.produce(name, [{ value: "new", partition: 3 }]);
      expect(produced.body.offsets[0]).toMatchObject({ partition: 3, offset: 0 });
      const cleared = await api.request<Described>("PATCH", `/v1/topics/${name}`, {
        retentionMs: null,
      });
      expect(cleared.body.config.retentionMs).toBeUndefined();
      const shrink = await api.request("PATCH", `/v1/topics/${name}`, { partitions: 3 });
      expectError(shrink, 400, "INVALID_REQUEST");
      const policy = await api.request("PATCH", `/v1/topics/${name}`, { cleanupPolicy: "x" });
      expectError(policy, 400, "INVALID_REQUEST");
      expectError(await api.request("PATCH", `/v1/topics/${name}`, {}), 400, "INVALID_REQUEST");
      const missing = await api.request("PATCH", `/v1/topics/${uniqueTopic()}`, {
        partitions: 9,
      });
      expectError(missing, 404, "TOPIC_NOT_FOUND");
    });

    it("deletes a topic with its records; the name can be reused with an empty log", async () => {
      const name = uniqueTopic();
      await api.createTopic(name);
      await api.produce(name, [{ value: "old" }]);
      const deleted = await api.request("DELETE", `/v1/topics/${name}`);
      expect(deleted.status).toBe(204);
      expectError(await api.request("GET", `/v1/topics/${name}`), 404, "TOPIC_NOT_FOUND");
      expectError(await api.fetch(name, 0), 404, "TOPIC_NOT_FOUND");
      expectError(await api.produce(name, [{ value: 1 }]), 404, "TOPIC_NOT_FOUND");
      expectError(await api.request("DELETE", `/v1/topics/${name}`), 404, "TOPIC_NOT_FOUND");
      expect((await api.createTopic(name)).status).toBe(201);
      const fetched = await api.fetch(name, 0);
      expect(fetched.body).toMatchObject({ records: [], highWatermark: 0 });
    });

    it("answers NOT_FOUND, METHOD_NOT_ALLOWED and UNSUPPORTED_MEDIA_TYPE", async () => {
      expectError(await api.request("GET", "/v1/nothing-here"), 404, "NOT_FOUND");
      expectError(await api.request("PUT", "/v1/topics"), 405, "METHOD_NOT_ALLOWED");
      expectError(
        await api.request("POST", `/v1/topics/${uniqueTopic()}`),
        405,
        "METHOD_NOT_ALLOWED",
      );
      const text = await api.request(
        "POST",
        "/v1/topics",
        { name: uniqueTopic() },
        {
          "content-type": "text/plain",
        },
      );
      expectError(text, 415, "UNSUPPORTED_MEDIA_TYPE");
    });
  });
}
