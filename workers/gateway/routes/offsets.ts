// Partition offsets: log start, high watermark, log end, and the offset for a timestamp.
import { Hono } from "hono";
import { parseReplicaChoice } from "../../../src/protocol/fetch-query.js";
import { parseInteger } from "../../../src/protocol/integer-param.js";
import { partitionOffsets } from "../../../src/service/fetch.js";
import { requireAccess } from "../auth.js";
import { type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";
import { partitionParam, replicaChoice, topicParam } from "../params.js";

export const offsetRoutes = new Hono<AppEnv>()
  .get("/v1/topics/:topic/partitions/:partition/offsets", async (c) => {
    const topic = topicParam(c);
    const partition = partitionParam(c);
    requireAccess(c, "topic", topic, "describe");
    const raw = c.req.query("timestamp");
    const timestamp =
      raw === undefined ? null : parseInteger(raw, "timestamp", 0, Number.MAX_SAFE_INTEGER);
    const replica = replicaChoice(c, parseReplicaChoice(c.req.query("replica")));
    return c.json(
      await partitionOffsets(c.var.cluster, metadataCache, topic, partition, timestamp, replica),
    );
  })
  .all("/v1/topics/:topic/partitions/:partition/offsets", methodNotAllowed);
