// Activity beacons (DESIGN.md §4): the tracking script, CORS per topic, and ingestion with a
// publishable key; plus the per-topic tracking config (PUT sets it, GET reads it back).
import { Hono } from "hono";
import { TRACK_SCRIPT } from "../../../src/beacons/track-script.js";
import { EdgelogError } from "../../../src/protocol/errors.js";
import { TRACK_SCRIPT_CACHE_SEC } from "../../../src/protocol/limits.js";
import { originAllowed, parseTrackConfig } from "../../../src/protocol/track-config.js";
import {
  checkBeacon,
  ingestBeacon,
  readTracker,
  setTracker,
  trackConfig,
} from "../../../src/service/beacons.js";
import { configOf } from "../../env.js";
import { requireAccess } from "../auth.js";
import { readBodyText, readJsonBody } from "../body.js";
import { type AppContext, type AppEnv, metadataCache } from "../context.js";
import { methodNotAllowed } from "../errors.js";
import { topicParam } from "../params.js";

/** Lets the page's origin read the answer (sendBeacon ignores it; fetch does not). */
function allowOrigin(c: AppContext, origin: string | null): void {
  if (origin === null) return;
  c.header("access-control-allow-origin", origin);
  c.header("vary", "Origin");
}

export const trackRoutes = new Hono<AppEnv>()
  .get("/v1/track.js", (c) =>
    c.body(TRACK_SCRIPT, 200, {
      "content-type": "application/javascript; charset=utf-8",
      "cache-control": `public, max-age=${TRACK_SCRIPT_CACHE_SEC}`,
    }),
  )
  .all("/v1/track.js", methodNotAllowed)
  .options("/v1/track/:topic", async (c) => {
    const origin = c.req.header("origin") ?? null;
    const config = await trackConfig(c.var.cluster, topicParam(c));
    if (config === null || !originAllowed(config, origin)) {
      throw new EdgelogError(
        "FORBIDDEN",
        `origin ${origin ?? "(none)"} may not send to this topic`,
      );
    }
    allowOrigin(c, origin);
    c.header("access-control-allow-methods", "POST");
    c.header("access-control-allow-headers", "content-type");
    c.header("access-control-max-age", "86400");
    return c.body(null, 204);
  })
  .post("/v1/track/:topic", async (c) => {
    const topic = topicParam(c);
    const origin = c.req.header("origin") ?? null;
    const type = (c.req.header("content-type") ?? "text/plain").split(";")[0]?.trim().toLowerCase();
    if (type !== "text/plain" && type !== "application/json") {
      throw new EdgelogError(
        "UNSUPPORTED_MEDIA_TYPE",
        "beacons are text/plain or application/json",
      );
    }
    const config = checkBeacon(
      await trackConfig(c.var.cluster, topic),
      c.req.query("key") ?? null,
      origin,
    );
    const text = await readBodyText(c.req.raw);
    const cf = (c.req.raw as { cf?: Record<string, unknown> }).cf;
    const answer = await ingestBeacon(c.var.cluster, metadataCache, topic, config, text, {
      cf,
      cfSimulated: configOf(c.env).dev,
      userAgent: c.req.header("user-agent") ?? null,
      origin,
    });
    allowOrigin(c, origin);
    return c.json(answer);
  })
  .all("/v1/track/:topic", methodNotAllowed)
  .put("/v1/topics/:topic/track", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "admin");
    const request = parseTrackConfig(await readJsonBody(c.req.raw));
    return c.json(await setTracker(c.var.cluster, topic, request));
  })
  .get("/v1/topics/:topic/track", async (c) => {
    const topic = topicParam(c);
    requireAccess(c, "topic", topic, "admin");
    return c.json(await readTracker(c.var.cluster, topic));
  })
  .all("/v1/topics/:topic/track", methodNotAllowed);
