// Push queries (POST /v1/query with Accept: text/event-stream): from the input's end, every
// record of every partition through WHERE and the projection, one `event: row` per result,
// until the client leaves or the connection's lifetime ends. Over a table's output topic this
// streams the table's changes.
import { EdgelogError } from "../protocol/errors.js";
import { SSE_CONNECTION_MS_MAX, SSE_KEEPALIVE_MS, SSE_RETRY_MS } from "../protocol/limits.js";
import { checkQuery } from "../sql/checker.js";
import type { StreamPlan } from "../sql/plan.js";
import { viewOf } from "../sql/processor.js";
import type { WireRecord } from "../sql/processor-rpc.js";
import { invalidQuery } from "../sql/query-error.js";
import { streamStep } from "../sql/stream-step.js";
import type { Select } from "../sql/tree.js";
import type { Cluster } from "./cluster.js";
import { fetchRecords, partitionOffsets } from "./fetch.js";
import type { MetadataCache } from "./metadata-cache.js";
import { lookUpSources } from "./query-sources.js";

const encoder = new TextEncoder();

export async function pushQuery(
  cluster: Cluster,
  cache: MetadataCache,
  select: Select,
  now: () => number = Date.now,
): Promise<ReadableStream<Uint8Array>> {
  if (!select.emitChanges) {
    throw invalidQuery("a push query ends with EMIT CHANGES", select.at);
  }
  if (select.join !== null || select.partitionBy !== null) {
    const at = select.join?.at ?? select.partitionBy?.at ?? select.at;
    throw invalidQuery(
      "a push query filters and projects; JOIN and PARTITION BY need CREATE STREAM",
      at,
    );
  }
  const plan = checkQuery(
    { kind: "select", select, at: select.at },
    await lookUpSources(cluster, cache, select),
  );
  if (plan.kind !== "stream")
    throw invalidQuery("a push query cannot aggregate: use CREATE TABLE", select.at);
  const topic = await cache.get(cluster.catalog, plan.input);
  const starts = await Promise.all(
    topic.partitions.map(
      async ({ partition }) =>
        (await partitionOffsets(cluster, cache, topic.name, partition, null)).highWatermark,
    ),
  );
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const send = (text: string) => writer.write(encoder.encode(text));
  const deadline = now() + SSE_CONNECTION_MS_MAX;
  let open = true;

  async function follow(partition: number, from: number): Promise<void> {
    let offset = from;
    while (open && now() < deadline) {
      const read = await fetchRecords(cluster, cache, topic.name, partition, {
        offset,
        maxRecords: 500,
        maxBytes: 1024 * 1024,
        waitMs: Math.max(0, Math.min(SSE_KEEPALIVE_MS, deadline - now())),
        replica: "leader",
      });
      for (const record of JSON.parse(`[${read.records}]`) as WireRecord[]) {
        const row = streamStep(plan as StreamPlan, viewOf(record, partition, false), null).result;
        if (row !== null) await send(`event: row\ndata: ${JSON.stringify(row.value)}\n\n`);
      }
      if (read.count === 0) await send(": keep-alive\n\n");
      offset = read.nextOffset;
    }
  }

  (async () => {
    await send(`retry: ${SSE_RETRY_MS}\n: push query over ${topic.name}\n\n`);
    await Promise.all(starts.map((start, partition) => follow(partition, start)));
    await writer.close();
  })().catch(async (err: unknown) => {
    open = false;
    const body =
      err instanceof EdgelogError
        ? err.toBody()
        : { code: "UNAVAILABLE", message: "the push query was interrupted", retriable: true };
    await send(`event: error\ndata: ${JSON.stringify(body)}\n\n`).catch(() => undefined);
    await writer.close().catch(() => undefined);
  });
  return readable;
}
