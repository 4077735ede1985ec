// Topic-level limits at the limit and one past it: partitions per topic, replication factor.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";

export function limitsSuite(api: Api): void {
  describe("topic limits", () => {
    it("creates PARTITIONS_MAX (256) partitions and refuses 257", async () => {
      expectError(
        await api.createTopic(uniqueTopic(), { partitions: 257 }),
        400,
        "INVALID_REQUEST",
      );
      const topic = uniqueTopic();
      expect((await api.createTopic(topic, { partitions: 256 })).status).toBe(201);
      const last = await api.produce(topic, [{ value: "last", partition: 255 }]);
      expect(last.body.offsets[0]).toMatchObject({ partition: 255, offset: 0 });
      const grow = await api.request("PATCH", `/v1/topics/${topic}`, { partitions: 257 });
      expectError(grow, 400, "INVALID_REQUEST");
    });

    it("refuses a replication factor past REPLICATION_FACTOR_MAX (5)", async () => {
      const answer = await api.createTopic(uniqueTopic(), { replicationFactor: 6 });
      expectError(answer, 400, "INVALID_REQUEST");
    });
  });
}
