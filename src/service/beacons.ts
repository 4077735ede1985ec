// Activity beacons: a publishable key and an allowed origin let a page append events to one
// topic; client event ids make a resent beacon land once.
import {
  type BeaconContext,
  beaconHeaders,
  beaconRecord,
  parseBeacon,
} from "../beacons/beacon-events.js";
import { EdgelogError, unwrap } from "../protocol/errors.js";
import { originAllowed, type TrackConfig } from "../protocol/track-config.js";
import type { Cluster } from "./cluster.js";
import type { MetadataCache } from "./metadata-cache.js";
import { produce } from "./produce.js";
import { TopicSettingCache } from "./topic-setting-cache.js";

const trackers = new TopicSettingCache<TrackConfig | null>();

/** The topic's tracking config, cached per isolate like topic metadata. */
export function trackConfig(cluster: Cluster, topic: string): Promise<TrackConfig | null> {
  return trackers.get(topic, async () => unwrap(await cluster.catalog.getTracker(topic)).config);
}

export async function setTracker(
  cluster: Cluster,
  topic: string,
  request: { origins: string[]; dedupeWindowSec: number; rotateKey: boolean },
): Promise<TrackConfig & { topic: string }> {
  const { config } = unwrap(
    await cluster.catalog.setTracker(
      topic,
      request.origins,
      request.dedupeWindowSec,
      request.rotateKey,
    ),
  );
  trackers.put(topic, config);
  return { topic, ...config };
}

/**
 * The topic's tracking config as PUT answered it (the publishable key is public), read from the
 * catalog itself. TOPIC_NOT_FOUND for no topic; NOT_FOUND for a topic without tracking.
 */
export async function readTracker(
  cluster: Cluster,
  topic: string,
): Promise<TrackConfig & { topic: string }> {
  const { config } = unwrap(await cluster.catalog.getTracker(topic));
  trackers.put(topic, config);
  if (config === null) {
    throw new EdgelogError(
      "NOT_FOUND",
      `topic ${topic} has no tracking config: set one with PUT /v1/topics/${topic}/track`,
    );
  }
  return { topic, ...config };
}

/** Refuses a beacon without this topic's key or from an origin it does not allow. */
export function checkBeacon(
  config: TrackConfig | null,
  key: string | null,
  origin: string | null,
): TrackConfig {
  if (config === null) {
    throw new EdgelogError("FORBIDDEN", "activity tracking is not set up for this topic");
  }
  if (key === null || key === "")
    throw new EdgelogError("UNAUTHORIZED", "a publishable key is required");
  if (key !== config.publishableKey) {
    throw new EdgelogError("FORBIDDEN", "this publishable key is not for this topic");
  }
  if (!originAllowed(config, origin)) {
    throw new EdgelogError("FORBIDDEN", `origin ${origin ?? "(none)"} may not send to this topic`);
  }
  return config;
}

export async function ingestBeacon(
  cluster: Cluster,
  cache: MetadataCache,
  topic: string,
  config: TrackConfig,
  text: string,
  context: BeaconContext,
): Promise<{ accepted: number; duplicates: number }> {
  const events = parseBeacon(text);
  const headers = beaconHeaders(context);
  const inbox = cluster.inbox(topic);
  const ids = events.map((e) => (e.id === undefined ? null : `track:${e.id}`));
  const claimed = ids.filter((id): id is string => id !== null);
  const claims =
    claimed.length > 0 && config.dedupeWindowSec > 0
      ? await inbox.claimAll(claimed, config.dedupeWindowSec)
      : [];
  const status = new Map(claimed.map((id, i) => [id, claims[i]?.status ?? "new"]));
  // A resent event (done) or one being appended right now (pending) is not appended again.
  const fresh = events.filter((_, i) => {
    const id = ids[i];
    return id === null || id === undefined || status.get(id) === "new";
  });
  const freshIds = ids.filter((id): id is string => id !== null && status.get(id) === "new");
  if (fresh.length === 0) return { accepted: 0, duplicates: events.length };
  try {
    const outcome = await produce(cluster, cache, topic, {
      records: fresh.map((e) => beaconRecord(e, headers)),
      acks: "all",
    });
    const answer = JSON.parse(outcome.json ?? "{}") as {
      offsets: Array<{ partition: number; offset?: number }>;
    };
    const done = fresh.flatMap((e, i) => {
      const entry = answer.offsets[i];
      if (e.id === undefined || entry?.offset === undefined) return [];
      return [{ id: `track:${e.id}`, partition: entry.partition, offset: entry.offset }];
    });
    if (done.length > 0) await inbox.completeAll(done);
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  } catch (err) {
    if (freshIds.length > 0) await inbox.releaseAll(freshIds).catch(() => undefined);
    throw err;
  }
}
