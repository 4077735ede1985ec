// A topic's activity-tracking config (PUT /v1/topics/:t/track): which page origins may send
// beacons, and the dedupe window for client event ids. The publishable key is made by the server.
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import {
  TRACK_ORIGINS_MAX,
  WEBHOOK_DEDUPE_WINDOW_SEC_DEFAULT,
  WEBHOOK_DEDUPE_WINDOW_SEC_MAX,
} from "./limits.js";

export interface TrackConfig {
  /** Exact origins (`https://shop.example`), or "*" for any. */
  origins: string[];
  dedupeWindowSec: number;
  /** Public by design: it can only append beacons to this topic. */
  publishableKey: string;
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/;

export function parseTrackConfig(
  raw: unknown,
): Omit<TrackConfig, "publishableKey"> & { rotateKey: boolean } {
  const invalid = (message: string) => new EdgelogError("INVALID_REQUEST", message);
  if (!isPlainObject(raw)) throw invalid("body must be a JSON object");
  for (const field of Object.keys(raw)) {
    if (!["origins", "dedupeWindowSec", "rotateKey"].includes(field)) {
      throw invalid(`unknown field \`${field}\``);
    }
  }
  const { origins } = raw;
  if (
    !Array.isArray(origins) ||
    origins.length === 0 ||
    origins.length > TRACK_ORIGINS_MAX ||
    !origins.every((o) => o === "*" || (typeof o === "string" && ORIGIN.test(o)))
  ) {
    throw invalid(
      `origins must list 1 to ${TRACK_ORIGINS_MAX} origins like https://example.com, or "*"`,
    );
  }
  const window = raw.dedupeWindowSec ?? WEBHOOK_DEDUPE_WINDOW_SEC_DEFAULT;
  if (!isNonNegativeInteger(window) || window > WEBHOOK_DEDUPE_WINDOW_SEC_MAX) {
    throw invalid(`dedupeWindowSec must be an integer from 0 to ${WEBHOOK_DEDUPE_WINDOW_SEC_MAX}`);
  }
  if (raw.rotateKey !== undefined && typeof raw.rotateKey !== "boolean") {
    throw invalid("rotateKey must be a boolean");
  }
  return {
    origins: origins as string[],
    dedupeWindowSec: window,
    rotateKey: raw.rotateKey === true,
  };
}

export function originAllowed(config: TrackConfig, origin: string | null): boolean {
  if (config.origins.includes("*")) return true;
  return origin !== null && config.origins.includes(origin);
}
