// Exactly once across a crash between writing output and acknowledging it, and across object
// restarts: a processor's queued batch that already reached the log is written again under the
// same producer sequence and answered as a duplicate, so no output appears twice.
import { evictAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProcessorStatus, QueryProcessorRpc } from "../../src/sql/processor-rpc.js";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { fault } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

const processorOf = (id: string) =>
  (env as unknown as Env).PROCESSORS.getByName(`query/${id}/0/0`) as unknown as QueryProcessorRpc;

describe("stream SQL redelivery", () => {
  it("writes a batch once when a run wrote it and stopped before acknowledging it", async () => {
    const input = uniqueTopic("in");
    await api.createTopic(input);
    await api.produce(input, [{ key: "a", value: { n: 1 } }]);
    const out = uniqueTopic("out");
    const created = await api.request<{ id: string }>("POST", "/v1/queries", {
      sql: `CREATE STREAM \`${out}\` WITH (START = 'earliest') AS SELECT n FROM \`${input}\``,
    });
    expect(created.status).toBe(201);
    // The output's only replica is down: the wake that processes the next records queues
    // their batch and cannot write it.
    expect((await fault(api, out, 0, "down")).status).toBe(200);
    await api.produce(input, [
      { key: "b", value: { n: 2 } },
      { key: "c", value: { n: 3 } },
    ]);
    const processor = processorOf(created.body.id);
    const status = await eventually("the batch to be queued", async () => {
      const current = (await processor.status()) as ProcessorStatus;
      return current.outbox.length > 0 ? current : undefined;
    });
    expect((await fault(api, out, 0, "up")).status).toBe(200);
    // As if a run wrote the batch and died before acknowledging it.
    const batch = status.outbox[0] as ProcessorStatus["outbox"][number];
    const { producer } = status.config;
    const written = await api.produce(out, batch.records, {
      producer: { id: producer.id, epoch: producer.epoch, sequence: batch.sequence },
    });
    expect(written.status).toBe(200);
    // Restarted objects, then the next run flushes the queued batch again.
    await evictAllDurableObjects();
    const described = await api.request<{ partitions: { recordsOut: number; offset: number }[] }>(
      "GET",
      `/v1/queries/${created.body.id}`,
    );
    expect(described.body.partitions[0]).toMatchObject({ recordsOut: 3, offset: 3 });
    const outputs = await api.fetchAll(out, 0);
    expect(outputs.map((r) => r.value)).toEqual([{ N: 1 }, { N: 2 }, { N: 3 }]);
    expect(((await processor.status()) as ProcessorStatus).outbox).toEqual([]);
  });
});
