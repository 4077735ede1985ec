// Reading request bodies within REQUEST_BYTES_MAX, and choosing the parser by Content-Type.
import { EdgelogError } from "../../src/protocol/errors.js";
import { parseJson } from "../../src/protocol/json-body.js";
import { ECHOED_INPUT_CHARS_MAX, REQUEST_BYTES_MAX } from "../../src/protocol/limits.js";
import { NDJSON_CONTENT_TYPE } from "../../src/protocol/produce-request.js";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function tooLarge(): EdgelogError {
  return new EdgelogError(
    "REQUEST_TOO_LARGE",
    `request bodies are at most ${REQUEST_BYTES_MAX} bytes`,
    {
      requestBytesMax: REQUEST_BYTES_MAX,
    },
  );
}

/** The body as UTF-8 text; 413 past the limit, whether announced by Content-Length or not. */
export async function readBodyText(request: Request): Promise<string> {
  return (await readBody(request)).text;
}

/** The body as UTF-8 text with its size in bytes (which tells whether the text is ASCII). */
export async function readBody(request: Request): Promise<{ text: string; bytes: number }> {
  const bytes = await readBodyBytes(request);
  return { text: decode(bytes), bytes: bytes.byteLength };
}

/** The body's bytes, within REQUEST_BYTES_MAX, from a sender that declares no other charset. */
export async function readBodyBytes(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  assertUtf8Charset(request);
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > REQUEST_BYTES_MAX) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);
  // With a declared length within the limit (the runtime enforces it), read in one native call.
  if (Number.isSafeInteger(declared)) return new Uint8Array(await request.arrayBuffer());
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > REQUEST_BYTES_MAX) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array<ArrayBuffer>) : concat(chunks, size);
}

/** `charset=utf-8`, `charset="UTF8"`: the labels of UTF-8 (parameter names are case-blind). */
const CHARSET_PARAM = /^\s*charset\s*=\s*(?:"([^"]*)"|([^\s"]*))\s*$/i;
const UTF8_LABELS = new Set(["utf-8", "utf8"]);

/**
 * Every body is read as UTF-8 (JSON's only encoding on the wire, RFC 8259 §8.1), so a body that
 * declares another charset would be misread: 415, on every route that reads a body.
 */
function assertUtf8Charset(request: Request): void {
  const header = request.headers.get("content-type");
  if (header === null || !header.includes("=")) return;
  for (const parameter of header.split(";").slice(1)) {
    const match = CHARSET_PARAM.exec(parameter);
    if (match === null) continue;
    const charset = (match[1] ?? match[2] ?? "").toLowerCase();
    if (!UTF8_LABELS.has(charset)) {
      const shown = charset.slice(0, ECHOED_INPUT_CHARS_MAX);
      throw new EdgelogError(
        "UNSUPPORTED_MEDIA_TYPE",
        `request bodies are UTF-8; charset ${shown} is not supported`,
        { charset: shown },
      );
    }
  }
}

function decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new EdgelogError("INVALID_REQUEST", "request body is not valid UTF-8");
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export type BodyKind = "json" | "ndjson";

/** JSON unless told otherwise; NDJSON only where `ndjson` is allowed; anything else is 415. */
export function bodyKind(request: Request, allowNdjson: boolean): BodyKind {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "" || type === "application/json") return "json";
  if (allowNdjson && type === NDJSON_CONTENT_TYPE) return "ndjson";
  throw new EdgelogError(
    "UNSUPPORTED_MEDIA_TYPE",
    `Content-Type must be application/json${allowNdjson ? ` or ${NDJSON_CONTENT_TYPE}` : ""}`,
    { contentType: type },
  );
}

/** A JSON request body, parsed. */
export async function readJsonBody(request: Request): Promise<unknown> {
  bodyKind(request, false);
  return parseJson(await readBodyText(request));
}
