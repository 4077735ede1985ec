// A webhook delivery as a record: the body becomes the value (JSON as JSON, text as text, other
// bytes as base64 with their content type in a header), chosen headers become record headers,
// and the key comes from a header or a JSON pointer into the body.
import { EdgelogError } from "../protocol/errors.js";
import { parseJson } from "../protocol/json-body.js";
import { parseRecord } from "../protocol/produce-request.js";
import type { ProduceRecord } from "../protocol/types.js";
import type { WebhookConfig } from "../protocol/webhook-config.js";

const textDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function isJsonType(type: string): boolean {
  return type === "application/json" || type.endsWith("+json");
}

function isTextType(type: string): boolean {
  return (
    type.startsWith("text/") ||
    type === "application/x-www-form-urlencoded" ||
    type === "application/xml" ||
    type.endsWith("+xml")
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** RFC 6901: the value at `pointer` in `doc`, or undefined. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let node = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

export function webhookRecord(
  body: Uint8Array,
  contentType: string,
  header: (name: string) => string | null,
  config: WebhookConfig | null,
): { record: ProduceRecord; json: unknown } {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const headers: Record<string, string> = {};
  for (const name of config?.headers ?? []) {
    const value = header(name);
    if (value !== null) headers[name] = value;
  }
  const record: ProduceRecord = { headers };
  let json: unknown;
  if (isJsonType(type)) {
    let text: string;
    try {
      text = textDecoder.decode(body);
    } catch {
      throw new EdgelogError("INVALID_REQUEST", "the webhook body is not valid UTF-8");
    }
    // parseJson, as for every JSON body: the value must come back as the sender wrote it.
    json = parseJson(text, "webhook body");
    record.value = json;
  } else {
    headers["content-type"] = contentType;
    let text: string | null = null;
    if (isTextType(type)) {
      try {
        text = textDecoder.decode(body);
      } catch {
        text = null;
      }
    }
    if (text !== null) record.value = text;
    else record.valueBase64 = toBase64(body);
  }
  const source = config?.key ?? null;
  if (source !== null) {
    const key = "header" in source ? header(source.header) : resolvePointer(json, source.pointer);
    if (typeof key === "string" || typeof key === "number") record.key = String(key);
  }
  // The record rules of a produce hold here too (a value nests at most VALUE_DEPTH_MAX levels).
  return { record: parseRecord(record, 0), json };
}

/** The sender's id for this delivery, for deduplication, or null. */
export function deliveryId(
  verifyType: string | null,
  header: (name: string) => string | null,
  json: unknown,
): string | null {
  if (verifyType === "github") return header("x-github-delivery");
  if (verifyType === "stripe") {
    const id = resolvePointer(json, "/id");
    if (typeof id === "string") return id;
  }
  return header("idempotency-key");
}
