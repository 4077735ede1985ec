// A topic's webhook configuration (PUT /v1/topics/:t/webhook): how deliveries are verified,
// keyed, labelled and deduplicated. Secrets are write-only: `publicWebhookConfig` drops them.
import { EdgelogError } from "./errors.js";
import { isNonNegativeInteger, isPlainObject } from "./json-body.js";
import {
  WEBHOOK_DEDUPE_WINDOW_SEC_DEFAULT,
  WEBHOOK_DEDUPE_WINDOW_SEC_MAX,
  WEBHOOK_HEADER_NAME_CHARS_MAX,
  WEBHOOK_HEADERS_MAX,
  WEBHOOK_SECRET_CHARS_MAX,
  WEBHOOK_TOLERANCE_SEC_DEFAULT,
  WEBHOOK_TOLERANCE_SEC_MAX,
} from "./limits.js";

export type WebhookVerify =
  | { type: "github"; secret: string }
  | { type: "stripe"; secret: string; toleranceSec: number }
  | { type: "hmac"; secret: string; header: string };

export interface WebhookConfig {
  verify: WebhookVerify | null;
  /** Where the record key comes from: a request header, or a JSON pointer into the body. */
  key: { header: string } | { pointer: string } | null;
  /** Request headers copied into record headers (lower-case names). */
  headers: string[];
  dedupeWindowSec: number;
}

const HEADER_NAME = new RegExp(`^[A-Za-z0-9-]{1,${WEBHOOK_HEADER_NAME_CHARS_MAX}}$`);

function invalid(message: string): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message);
}

function checkFields(body: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of Object.keys(body)) {
    if (!fields.includes(field)) throw invalid(`unknown field \`${field}\``);
  }
}

function headerName(raw: unknown, what: string): string {
  if (typeof raw !== "string" || !HEADER_NAME.test(raw))
    throw invalid(`${what} must be a header name`);
  return raw.toLowerCase();
}

export function parseWebhookConfig(raw: unknown): WebhookConfig {
  if (!isPlainObject(raw)) throw invalid("body must be a JSON object");
  checkFields(raw, ["verify", "key", "headers", "dedupeWindowSec"]);
  const window = raw.dedupeWindowSec ?? WEBHOOK_DEDUPE_WINDOW_SEC_DEFAULT;
  if (!isNonNegativeInteger(window) || window > WEBHOOK_DEDUPE_WINDOW_SEC_MAX) {
    throw invalid(`dedupeWindowSec must be an integer from 0 to ${WEBHOOK_DEDUPE_WINDOW_SEC_MAX}`);
  }
  const headers = raw.headers ?? [];
  if (!Array.isArray(headers) || headers.length > WEBHOOK_HEADERS_MAX) {
    throw invalid(`headers must list at most ${WEBHOOK_HEADERS_MAX} header names`);
  }
  return {
    verify: parseVerify(raw.verify ?? null),
    key: parseKeySource(raw.key ?? null),
    headers: headers.map((h) => headerName(h, "headers entries")),
    dedupeWindowSec: window,
  };
}

function parseVerify(raw: unknown): WebhookVerify | null {
  if (raw === null) return null;
  if (!isPlainObject(raw)) throw invalid("verify must be an object or null");
  const { type, secret } = raw;
  if (
    typeof secret !== "string" ||
    secret.length === 0 ||
    secret.length > WEBHOOK_SECRET_CHARS_MAX
  ) {
    throw invalid(`verify.secret must be a string of 1 to ${WEBHOOK_SECRET_CHARS_MAX} characters`);
  }
  if (type === "github") {
    checkFields(raw, ["type", "secret"]);
    return { type, secret };
  }
  if (type === "stripe") {
    checkFields(raw, ["type", "secret", "toleranceSec"]);
    const toleranceSec = raw.toleranceSec ?? WEBHOOK_TOLERANCE_SEC_DEFAULT;
    if (
      !isNonNegativeInteger(toleranceSec) ||
      toleranceSec < 1 ||
      toleranceSec > WEBHOOK_TOLERANCE_SEC_MAX
    ) {
      throw invalid(
        `verify.toleranceSec must be an integer from 1 to ${WEBHOOK_TOLERANCE_SEC_MAX}`,
      );
    }
    return { type, secret, toleranceSec };
  }
  if (type === "hmac") {
    checkFields(raw, ["type", "secret", "header"]);
    return { type, secret, header: headerName(raw.header ?? "x-signature", "verify.header") };
  }
  throw invalid('verify.type must be "github", "stripe" or "hmac"');
}

function parseKeySource(raw: unknown): WebhookConfig["key"] {
  if (raw === null) return null;
  if (isPlainObject(raw) && Object.keys(raw).length === 1) {
    if (raw.header !== undefined) return { header: headerName(raw.header, "key.header") };
    if (typeof raw.pointer === "string" && (raw.pointer === "" || raw.pointer.startsWith("/"))) {
      return { pointer: raw.pointer };
    }
  }
  throw invalid('key must be {"header": name} or {"pointer": "/json/pointer"}');
}

/** The config as it may be shown: every secret left out. */
export function publicWebhookConfig(config: WebhookConfig): Record<string, unknown> {
  const verify = config.verify === null ? null : (({ secret: _, ...rest }) => rest)(config.verify);
  return { ...config, verify };
}
