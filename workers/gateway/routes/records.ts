// Produce and fetch routes: POST records (JSON or NDJSON), GET records (JSON, long-poll or SSE).
import { Hono } from "hono";
import { parseFetchParams } from "../../../src/protocol/fetch-query.js";
import { SSE_RECORDS_PER_EVENT_MAX } from "../../../src/protocol/limits.js";
import {
  parseProduceAnswer,
  parseProduceJson,
  parseProduceNdjson,
} from "../../../src/protocol/produce-request.js";
import { fetchRecords, fetchResponseParts } from "../../../src/service/fetch.js";
import { produce } from "../../../src/service/produce.js";
import { tailStream } from "../../../src/service/sse.js";
import { chargeQuota, checkQuota, requireAccess } from "../auth.js";
import { bodyKind, readBody } from "../body.js";
import { type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";
import { partitionParam, replicaChoice, topicParam } from "../params.js";

export const recordRoutes = new Hono<AppEnv>()
  .post("/v1/topics/:topic/records", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "produce");
    checkQuota(c, "produce");
    const kind = bodyKind(c.req.raw, true);
    const answer = parseProduceAnswer(c.req.query("answer"));
    const { text, bytes } = await readBody(c.req.raw);
    chargeQuota(c, "produce", text.length);
    const request =
      kind === "ndjson"
        ? parseProduceNdjson(text, c.req.query(), bytes)
        : parseProduceJson(text, bytes);
    const outcome = await produce(c.var.cluster, metadataCache, topic, request, answer);
    if (outcome.status === 202) return c.body(null, 202);
    return c.body(outcome.json, outcome.status, { "content-type": "application/json" });
  })
  .all("/v1/topics/:topic/records", methodNotAllowed)
  .get("/v1/topics/:topic/partitions/:partition/records", async (c) => {
    const topic = topicParam(c);
    const partition = partitionParam(c);
    requireAccess(c, "topic", topic, "consume");
    checkQuota(c, "fetch");
    const parsed = parseFetchParams(c.req.query(), c.req.header("last-event-id"));
    const params = { ...parsed, replica: replicaChoice(c, parsed.replica) };
    const sse = (c.req.header("accept") ?? "").includes("text/event-stream");
    if (!sse) {
      const read = await fetchRecords(c.var.cluster, metadataCache, topic, partition, params);
      const { head, records, tail } = fetchResponseParts(read);
      chargeQuota(c, "fetch", head.length + records.length + tail.length);
      return c.body(new Blob([head, records, tail]), 200, { "content-type": "application/json" });
    }
    const maxRecords = Math.min(params.maxRecords, SSE_RECORDS_PER_EVENT_MAX);
    const tail = async (offset: number | null, waitMs: number) => {
      const read = await fetchRecords(c.var.cluster, metadataCache, topic, partition, {
        ...params,
        maxRecords,
        offset,
        waitMs,
      });
      // A stream is charged as it goes; the quota refuses the caller's next request.
      chargeQuota(c, "fetch", read.records.length);
      return read;
    };
    // The first read happens before the stream opens, so a bad offset is still a plain 416.
    const first = await tail(params.offset, 0);
    return c.body(tailStream(first, tail), 200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    });
  })
  .all("/v1/topics/:topic/partitions/:partition/records", methodNotAllowed);
