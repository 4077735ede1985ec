// Beacon payloads (navigator.sendBeacon, `text/plain` JSON: one event or an array) as records:
// the event as sent is the value, the visitor's anonymous id the key (one visitor, one partition,
// in order), and what the edge knows (country, city, colo, ASN, user agent, origin) the headers.
import { EdgelogError } from "../protocol/errors.js";
import { isNonNegativeInteger, isPlainObject, parseJson } from "../protocol/json-body.js";
import {
  BEACON_ANONYMOUS_ID_CHARS_MAX,
  BEACON_EVENTS_MAX,
  BEACON_ID_CHARS_MAX,
  BEACON_NAME_CHARS_MAX,
  BEACON_URL_CHARS_MAX,
  BEACON_USER_AGENT_CHARS_MAX,
} from "../protocol/limits.js";
import { parseRecord } from "../protocol/produce-request.js";
import type { ProduceRecord } from "../protocol/types.js";

export interface BeaconEvent {
  name: string;
  props?: Record<string, unknown>;
  ts?: number;
  /** Client event id: a resent event with the same id is appended once. */
  id?: string;
  anonymousId?: string;
  url?: string;
}

/** Request facts the edge adds to every event. */
export interface BeaconContext {
  cf: Record<string, unknown> | undefined;
  /**
   * True where `cf` is not the edge's: a development run, whose `request.cf` miniflare makes up
   * (US, Austin, DFW, whoever the visitor is). Its fields are then left out, not passed off as
   * the visitor's location; consumers already meet events without them (the edge omits what it
   * does not know).
   */
  cfSimulated: boolean;
  userAgent: string | null;
  origin: string | null;
}

/** The `request.cf` fields a record carries as headers of the same names. */
const CF_FIELDS = ["country", "city", "region", "colo", "asn", "timezone"];

const LIMITS: Record<string, number> = {
  name: BEACON_NAME_CHARS_MAX,
  id: BEACON_ID_CHARS_MAX,
  anonymousId: BEACON_ANONYMOUS_ID_CHARS_MAX,
  url: BEACON_URL_CHARS_MAX,
};
const FIELDS = ["name", "props", "ts", "id", "anonymousId", "url"];

function invalid(message: string): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message);
}

export function parseBeacon(text: string): BeaconEvent[] {
  const raw = parseJson(text, "beacon");
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || list.length > BEACON_EVENTS_MAX) {
    throw invalid(`a beacon holds 1 to ${BEACON_EVENTS_MAX} events`);
  }
  return list.map((event, i) => {
    if (!isPlainObject(event)) throw invalid(`event ${i} must be an object`);
    for (const field of Object.keys(event)) {
      if (!FIELDS.includes(field)) throw invalid(`event ${i}: unknown field \`${field}\``);
    }
    for (const [field, max] of Object.entries(LIMITS)) {
      const value = event[field];
      if (field === "name" && value === undefined) throw invalid(`event ${i}: name is required`);
      if (
        value !== undefined &&
        (typeof value !== "string" || value.length === 0 || value.length > max)
      ) {
        throw invalid(`event ${i}: ${field} must be a string of 1 to ${max} characters`);
      }
    }
    if (event.props !== undefined && !isPlainObject(event.props)) {
      throw invalid(`event ${i}: props must be an object`);
    }
    if (event.ts !== undefined && !isNonNegativeInteger(event.ts)) {
      throw invalid(`event ${i}: ts must be milliseconds since the epoch`);
    }
    // The event is a record's value: the record rules of a produce hold (nesting, for one).
    parseRecord({ value: event }, i);
    return event as unknown as BeaconEvent;
  });
}

/** The headers every event of this request gets: what the edge knows about the sender. */
export function beaconHeaders(context: BeaconContext): Record<string, string> {
  const headers: Record<string, string> = {};
  const cf = context.cfSimulated ? undefined : context.cf;
  for (const field of CF_FIELDS) {
    const value = cf?.[field];
    if (typeof value === "string" || typeof value === "number") headers[field] = String(value);
  }
  if (context.userAgent !== null)
    headers["user-agent"] = context.userAgent.slice(0, BEACON_USER_AGENT_CHARS_MAX);
  if (context.origin !== null) headers.origin = context.origin;
  return headers;
}

export function beaconRecord(event: BeaconEvent, headers: Record<string, string>): ProduceRecord {
  const record: ProduceRecord = { value: event, headers };
  if (event.anonymousId !== undefined) record.key = event.anonymousId;
  return record;
}
