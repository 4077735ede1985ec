// A push subscription's configuration (PUT /v1/topics/:t/subscriptions/:name,
// design/delivery.md): where and how records are POSTed, retried and dead-lettered. The secret
// is write-only: `publicSubscriptionConfig` drops it.
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import {
  SUBSCRIPTION_ATTEMPTS_DEFAULT,
  SUBSCRIPTION_ATTEMPTS_MAX,
  SUBSCRIPTION_BACKOFF_MS_DEFAULT,
  SUBSCRIPTION_BACKOFF_MS_LIMIT,
  SUBSCRIPTION_BACKOFF_MS_MAX_DEFAULT,
  SUBSCRIPTION_BACKOFF_MS_MIN,
  SUBSCRIPTION_BATCH_BYTES_DEFAULT,
  SUBSCRIPTION_BATCH_BYTES_MAX,
  SUBSCRIPTION_BATCH_RECORDS_DEFAULT,
  SUBSCRIPTION_BATCH_RECORDS_MAX,
  SUBSCRIPTION_SECRET_CHARS_MAX,
  SUBSCRIPTION_TIMEOUT_MS_DEFAULT,
  SUBSCRIPTION_TIMEOUT_MS_MAX,
  SUBSCRIPTION_TIMEOUT_MS_MIN,
  SUBSCRIPTION_URL_CHARS_MAX,
} from "./limits.js";
import { assertValidName } from "./names.js";
import { endpointRefusal } from "./subscription-endpoint.js";

export interface SubscriptionConfig {
  url: string;
  /** Signs each delivery when set (never returned). */
  secret: string | null;
  /** Where delivery starts on the first PUT: each partition's end then, or its start. */
  startAt: "latest" | "earliest";
  batchMaxRecords: number;
  batchMaxBytes: number;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  backoffMsMax: number;
  deadLetterTopic: string | null;
}

/** What GET answers: the config without its secret, and whether one is set. */
export type PublicSubscriptionConfig = Omit<SubscriptionConfig, "secret" | "deadLetterTopic"> & {
  signed: boolean;
  deadLetterTopic?: string;
};

const FIELDS = [
  "url",
  "secret",
  "startAt",
  "batchMaxRecords",
  "batchMaxBytes",
  "timeoutMs",
  "maxAttempts",
  "backoffMs",
  "backoffMsMax",
  "deadLetterTopic",
] as const;

function invalid(field: string, message: string): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", `${field} ${message}`, { field });
}

function integer(raw: unknown, field: string, fallback: number, min: number, max: number) {
  const value = raw ?? fallback;
  if (!isNonNegativeInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * Parses a PUT body. `dev` (EDGELOG_DEV=1) also accepts `http://` and loopback or private
 * hosts, which a deployment refuses: it must never POST into its own network.
 */
export function parseSubscriptionConfig(raw: unknown, dev: boolean): SubscriptionConfig {
  if (!isPlainObject(raw)) throw new EdgelogError("INVALID_REQUEST", "body must be a JSON object");
  for (const field of Object.keys(raw)) {
    if (!(FIELDS as readonly string[]).includes(field)) {
      throw invalid(field, "is not a subscription field");
    }
  }
  const url = raw.url;
  if (typeof url !== "string" || url.length > SUBSCRIPTION_URL_CHARS_MAX) {
    throw invalid("url", `must be a URL of at most ${SUBSCRIPTION_URL_CHARS_MAX} characters`);
  }
  const refusal = endpointRefusal(url, dev);
  if (refusal !== null) throw invalid("url", refusal);
  const secret = raw.secret ?? null;
  if (
    secret !== null &&
    (typeof secret !== "string" ||
      secret.length === 0 ||
      secret.length > SUBSCRIPTION_SECRET_CHARS_MAX)
  ) {
    throw invalid("secret", `must be a string of 1 to ${SUBSCRIPTION_SECRET_CHARS_MAX} characters`);
  }
  const startAt = raw.startAt ?? "latest";
  if (startAt !== "latest" && startAt !== "earliest") {
    throw invalid("startAt", 'must be "latest" or "earliest"');
  }
  const deadLetterTopic = raw.deadLetterTopic ?? null;
  if (deadLetterTopic !== null) {
    try {
      assertValidName("topic", deadLetterTopic);
    } catch {
      throw invalid("deadLetterTopic", "must be a topic name");
    }
  }
  const backoffMs = integer(
    raw.backoffMs,
    "backoffMs",
    SUBSCRIPTION_BACKOFF_MS_DEFAULT,
    SUBSCRIPTION_BACKOFF_MS_MIN,
    SUBSCRIPTION_BACKOFF_MS_LIMIT,
  );
  const backoffMsMax = integer(
    raw.backoffMsMax,
    "backoffMsMax",
    Math.max(SUBSCRIPTION_BACKOFF_MS_MAX_DEFAULT, backoffMs),
    SUBSCRIPTION_BACKOFF_MS_MIN,
    SUBSCRIPTION_BACKOFF_MS_LIMIT,
  );
  if (backoffMsMax < backoffMs) throw invalid("backoffMsMax", "must be at least backoffMs");
  return {
    url,
    secret,
    startAt,
    batchMaxRecords: integer(
      raw.batchMaxRecords,
      "batchMaxRecords",
      SUBSCRIPTION_BATCH_RECORDS_DEFAULT,
      1,
      SUBSCRIPTION_BATCH_RECORDS_MAX,
    ),
    batchMaxBytes: integer(
      raw.batchMaxBytes,
      "batchMaxBytes",
      SUBSCRIPTION_BATCH_BYTES_DEFAULT,
      1,
      SUBSCRIPTION_BATCH_BYTES_MAX,
    ),
    timeoutMs: integer(
      raw.timeoutMs,
      "timeoutMs",
      SUBSCRIPTION_TIMEOUT_MS_DEFAULT,
      SUBSCRIPTION_TIMEOUT_MS_MIN,
      SUBSCRIPTION_TIMEOUT_MS_MAX,
    ),
    maxAttempts: integer(
      raw.maxAttempts,
      "maxAttempts",
      SUBSCRIPTION_ATTEMPTS_DEFAULT,
      1,
      SUBSCRIPTION_ATTEMPTS_MAX,
    ),
    backoffMs,
    backoffMsMax,
    deadLetterTopic,
  };
}

export function publicSubscriptionConfig(config: SubscriptionConfig): PublicSubscriptionConfig {
  const { secret, deadLetterTopic, ...rest } = config;
  return {
    ...rest,
    signed: secret !== null,
    ...(deadLetterTopic === null ? {} : { deadLetterTopic }),
  };
}
