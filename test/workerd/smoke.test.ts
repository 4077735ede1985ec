import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";

describe("smoke", () => {
  it("creates a topic, produces and fetches", async () => {
    const topic = uniqueTopic();
    const created = await api.createTopic(topic, { partitions: 2 });
    expect(created.status).toBe(201);
    const produced = await api.produce(topic, [{ key: "a", value: { n: 1 } }, { value: "x" }]);
    expect(produced.status).toBe(200);
    const all = [...(await api.fetchAll(topic, 0)), ...(await api.fetchAll(topic, 1))];
    expect(all.length).toBe(2);
  });
});
