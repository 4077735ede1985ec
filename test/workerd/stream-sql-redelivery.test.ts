// Exactly once across a crash between writing output and acknowledging it, and across object
// restarts: a processor's queued batch that already reached the log is written again under the
// same producer sequence and answered as a duplicate, so no output appears twice.
import { evictAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PRODUCER_BATCHES_KEPT } from "../../src/protocol/limits.js";
import type { ProcessorStatus, QueryProcessorRpc } from "../../src/sql/processor-rpc.js";
import type { Env } from "../../workers/env.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { fault } from "../support/replication.js";
import { api } from "../support/workerd-api.js";

const processorOf = (id: string) =>
  (env as unknown as Env).PROCESSORS.getByName(`query/${id}/0/0`) as unknown as QueryProcessorRpc;

/**
 * A query over a new input whose next batch is queued unwritten: the output's only replica was
 * down while an append's wake processed the records `b` and `c`.
 */
async function queuedBatch() {
  const input = uniqueTopic("in");
  await api.createTopic(input);
  await api.produce(input, [{ key: "a", value: { n: 1 } }]);
  const out = uniqueTopic("out");
  const created = await api.request<{ id: string }>("POST", "/v1/queries", {
    sql: `CREATE STREAM \`${out}\` WITH (START = 'earliest') AS SELECT n FROM \`${input}\``,
  });
  expect(created.status).toBe(201);
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
  const batch = status.outbox[0] as ProcessorStatus["outbox"][number];
  const { producer } = status.config;
  /** Writes records under the processor's producer, as another run of it would. */
  const writeAs = (records: unknown[], sequence: number) =>
    api.produce(out, records, {
      producer: { id: producer.id, epoch: producer.epoch, sequence },
    });
  return { id: created.body.id, out, processor, batch, writeAs };
}

describe("stream SQL redelivery", () => {
  it("writes a batch once when a run wrote it and stopped before acknowledging it", async () => {
    const { id, out, processor, batch, writeAs } = await queuedBatch();
    // As if a run wrote the batch and died before acknowledging it.
    expect((await writeAs(batch.records, batch.sequence)).status).toBe(200);
    // Restarted objects, then the next run flushes the queued batch again.
    await evictAllDurableObjects();
    const described = await api.request<{ partitions: { recordsOut: number; offset: number }[] }>(
      "GET",
      `/v1/queries/${id}`,
    );
    expect(described.body.partitions[0]).toMatchObject({ recordsOut: 3, offset: 3 });
    const outputs = await api.fetchAll(out, 0);
    expect(outputs.map((r) => r.value)).toEqual([{ N: 1 }, { N: 2 }, { N: 3 }]);
    expect(((await processor.status()) as ProcessorStatus).outbox).toEqual([]);
  });

  it("acknowledges a queued batch the log has already passed, instead of failing", async () => {
    const { id, out, processor, batch, writeAs } = await queuedBatch();
    // Written, then later batches of the same producer pushed it out of the log's window of
    // remembered batches: resent, it is refused as out of order, with a later sequence expected.
    expect((await writeAs(batch.records, batch.sequence)).status).toBe(200);
    for (let i = 1; i <= PRODUCER_BATCHES_KEPT; i++) {
      expect((await writeAs([{ value: { N: `later-${i}` } }], batch.sequence + i)).status).toBe(
        200,
      );
    }
    const described = await api.request<{ state: string }>("GET", `/v1/queries/${id}`);
    expect(described.body.state).toBe("running");
    expect(((await processor.status()) as ProcessorStatus).outbox).toEqual([]);
    const outputs = (await api.fetchAll(out, 0)).map((r) => r.value);
    expect(outputs.slice(0, 3)).toEqual([{ N: 1 }, { N: 2 }, { N: 3 }]);
    expect(outputs).toHaveLength(3 + PRODUCER_BATCHES_KEPT);
  });
});
