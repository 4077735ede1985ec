// Validation of produce requests (JSON envelope or NDJSON). The whole request is checked before
// any write, so a rejected request leaves every partition untouched.
import { EdgelogError } from "./errors.js";
import { parseInteger } from "./integer-param.js";
import {
  assertEnvelopeDepth,
  assertFaithfulJson,
  exceedsDepth,
  isNonNegativeInteger,
  isPlainObject,
  parseJson,
  parseJsonSyntax,
} from "./json-body.js";
import { hasFlaw, mayBeUnfaithful } from "./json-fidelity.js";
import {
  ECHOED_INPUT_CHARS_MAX,
  HEADERS_PER_RECORD_MAX,
  RECORDS_PER_REQUEST_MAX,
  VALUE_DEPTH_MAX,
} from "./limits.js";
import type { Acks, Headers, ProduceRecord } from "./types.js";

/** The Content-Type that selects NDJSON produce: one record object a line (DESIGN.md §4). */
export const NDJSON_CONTENT_TYPE = "application/x-ndjson";

/**
 * What a producer's `sequence` counts: batches (edgelog's default: 0, 1, 2, … per partition) or
 * records (Kafka's rule, which the Kafka gateway needs: each batch's sequence is the previous
 * one plus the previous batch's record count).
 */
export type SequenceUnit = "batches" | "records";

export interface ProducerFields {
  id: string;
  epoch: number;
  sequence: number;
  /** Absent: "batches". */
  sequenceUnit?: SequenceUnit;
}

export interface ProduceRequest {
  records: ProduceRecord[];
  acks: Acks;
  producer?: ProducerFields;
  /** Facts about the request text, when it came as one; log/ decides what they let it skip. */
  text?: RequestText;
}

/** Facts about a request's text (log/encoded-batch.ts judges what they allow). */
export interface RequestText {
  /** UTF-16 units. */
  length: number;
  /** UTF-8 bytes of the body as received, when known. */
  utf8Bytes: number | null;
  /** The text holds a `\u`: a JSON escape that may decode to any character. */
  unicodeEscapes: boolean;
}

function textFacts(text: string, bytes: number | undefined): RequestText {
  return { length: text.length, utf8Bytes: bytes ?? null, unicodeEscapes: text.includes("\\u") };
}

const RECORD_FIELDS = new Set([
  "key",
  "keyBase64",
  "value",
  "valueBase64",
  "headers",
  "partition",
  "timestamp",
]);
const ENVELOPE_FIELDS = new Set(["records", "acks", "producer"]);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(message: string, details?: Record<string, unknown>): EdgelogError {
  return new EdgelogError("INVALID_REQUEST", message, details);
}

/** Parses `{records:[…], acks?, producer?}`; `bytes` is the body's UTF-8 size, if known. */
export function parseProduceJson(text: string, bytes?: number): ProduceRequest {
  const body = parseJson(text);
  // Records are checked field by field below, which leaves no room for nesting in them but their
  // values' (which have their own, deeper budget); the rest of the envelope is measured here.
  assertEnvelopeDepth(body, (parent, key) => parent === body && key === "records");
  if (!isPlainObject(body)) throw invalid("body must be a JSON object with a `records` array");
  for (const field of Object.keys(body)) {
    if (!ENVELOPE_FIELDS.has(field)) throw invalid(`unknown field \`${field}\``, { field });
  }
  if (!Array.isArray(body.records)) throw invalid("`records` must be an array");
  const request: ProduceRequest = {
    records: parseRecords(body.records),
    acks: parseAcks(body.acks),
    text: textFacts(text, bytes),
  };
  if (body.producer !== undefined) request.producer = parseProducer(body.producer);
  return request;
}

/** Parses NDJSON: one record object a line; acks and producer fields come from the query. */
export function parseProduceNdjson(
  text: string,
  query: Record<string, string>,
  bytes?: number,
): ProduceRequest {
  const records: unknown[] = [];
  const lines = text.split("\n");
  const lineNumbers: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    if (records.length >= RECORDS_PER_REQUEST_MAX) throw tooManyRecords();
    // JSON.parse is iterative, so any depth parses safely; parseRecord then admits nesting only
    // inside values, which have their own budget.
    records.push(parseJsonSyntax(line, `line ${i + 1}`));
    lineNumbers.push(i);
  }
  // The body is checked as a whole, once; only a flaw sends us line by line to name it.
  if (mayBeUnfaithful(text) && hasFlaw(text, records)) {
    for (let r = 0; r < records.length; r++) {
      const n = lineNumbers[r] as number;
      assertFaithfulJson((lines[n] as string).trim(), records[r], `line ${n + 1}`, ["records", r]);
    }
  }
  const request: ProduceRequest = {
    records: parseRecords(records),
    acks: parseAcks(parseAcksQuery(query.acks)),
    text: textFacts(text, bytes),
  };
  const producer = parseProducerQuery(query);
  if (producer !== undefined) request.producer = producer;
  return request;
}

/**
 * The answer a produce asks for with `?answer=`: `offsets` (the default) lists every record's
 * offset in request order; `compact` gives one entry per partition (base offset and count), which
 * a client that knows its records' order maps back itself.
 */
export type ProduceAnswer = "offsets" | "compact";

export function parseProduceAnswer(raw: string | undefined): ProduceAnswer {
  if (raw === undefined || raw === "offsets" || raw === "compact") return raw ?? "offsets";
  throw invalid('answer must be "offsets" or "compact"', {
    answer: raw.slice(0, ECHOED_INPUT_CHARS_MAX),
  });
}

function tooManyRecords(): EdgelogError {
  return invalid(`a request holds at most ${RECORDS_PER_REQUEST_MAX} records`, {
    recordsMax: RECORDS_PER_REQUEST_MAX,
  });
}

function parseRecords(raw: unknown[]): ProduceRecord[] {
  if (raw.length === 0) throw invalid("`records` must not be empty");
  if (raw.length > RECORDS_PER_REQUEST_MAX) throw tooManyRecords();
  const records = new Array<ProduceRecord>(raw.length);
  for (let i = 0; i < raw.length; i++) records[i] = parseRecord(raw[i], i);
  return records;
}

/**
 * Checks one record and returns it as is: a valid record needs no copy. This runs for every
 * record of every produce, so it reads each known field once and counts fields to catch unknown
 * ones, instead of looping over field names.
 */
export function parseRecord(raw: unknown, index: number): ProduceRecord {
  if (!isPlainObject(raw)) throw recordError(index, "must be an object");
  const { key, keyBase64, value, valueBase64, headers, partition, timestamp } = raw;
  let known = 0;
  if (key !== undefined) {
    known++;
    if (key !== null && typeof key !== "string")
      throw recordError(index, "key must be a string or null");
    if (keyBase64 !== undefined) throw recordError(index, "give key or keyBase64, not both");
  }
  if (keyBase64 !== undefined) {
    known++;
    if (typeof keyBase64 !== "string" || !BASE64.test(keyBase64)) {
      throw recordError(index, "keyBase64 must be a base64 string");
    }
  }
  if (value !== undefined) {
    known++;
    if (valueBase64 !== undefined) throw recordError(index, "give value or valueBase64, not both");
    if (typeof value === "object" && exceedsDepth(value, VALUE_DEPTH_MAX)) {
      throw recordError(index, `value nests deeper than ${VALUE_DEPTH_MAX} levels`);
    }
  } else if (valueBase64 === undefined) {
    throw recordError(index, "value is required (null is a tombstone)");
  }
  if (valueBase64 !== undefined) {
    known++;
    if (typeof valueBase64 !== "string" || !BASE64.test(valueBase64)) {
      throw recordError(index, "valueBase64 must be a base64 string");
    }
  }
  if (headers !== undefined) {
    known++;
    parseHeaders(headers, index);
  }
  if (partition !== undefined) {
    known++;
    if (!isNonNegativeInteger(partition))
      throw recordError(index, "partition must be an integer ≥ 0");
  }
  if (timestamp !== undefined) {
    known++;
    if (!isNonNegativeInteger(timestamp)) {
      throw recordError(index, "timestamp must be an integer ≥ 0 (milliseconds since the epoch)");
    }
  }
  // Only when the count is off does it pay to find which field is unknown.
  if (Object.keys(raw).length !== known) {
    const unknown = Object.keys(raw).find((field) => !RECORD_FIELDS.has(field));
    throw recordError(index, `unknown field \`${unknown}\``);
  }
  return raw as ProduceRecord;
}

function recordError(index: number, message: string): EdgelogError {
  return invalid(`record ${index}: ${message}`, { index });
}

function parseHeaders(raw: unknown, index: number): Headers {
  if (!isPlainObject(raw))
    throw recordError(index, "headers must be an object of string to string");
  const names = Object.keys(raw);
  if (names.length > HEADERS_PER_RECORD_MAX) {
    throw recordError(index, `at most ${HEADERS_PER_RECORD_MAX} headers a record`);
  }
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (typeof raw[name] !== "string") {
      throw recordError(index, `header \`${name}\` must be a string`);
    }
  }
  return raw as Headers;
}

function parseAcks(raw: unknown): Acks {
  if (raw === undefined) return "all";
  if (raw === 0 || raw === 1 || raw === "all") return raw;
  throw invalid('acks must be 0, 1 or "all"', { acks: raw });
}

function parseAcksQuery(raw: string | undefined): unknown {
  if (raw === undefined || raw === "all") return raw;
  if (raw === "0" || raw === "1") return Number(raw);
  return raw;
}

function parseProducer(raw: unknown): ProducerFields {
  if (!isPlainObject(raw)) throw invalid("producer must be an object {id, epoch, sequence}");
  const { id, epoch, sequence, sequenceUnit } = raw;
  if (typeof id !== "string" || id === "") throw invalid("producer.id must be a string");
  if (!isNonNegativeInteger(epoch)) throw invalid("producer.epoch must be an integer ≥ 0");
  if (!isNonNegativeInteger(sequence)) throw invalid("producer.sequence must be an integer ≥ 0");
  if (sequenceUnit === undefined || sequenceUnit === "batches") return { id, epoch, sequence };
  if (sequenceUnit !== "records") {
    throw invalid('producer.sequenceUnit must be "batches" or "records"');
  }
  return { id, epoch, sequence, sequenceUnit };
}

function parseProducerQuery(query: Record<string, string>): ProducerFields | undefined {
  const { producerId, producerEpoch, sequence, sequenceUnit } = query;
  if (producerId === undefined && producerEpoch === undefined && sequence === undefined) {
    return undefined;
  }
  const asInt = (raw: string | undefined, name: string) =>
    raw === undefined ? undefined : parseInteger(raw, name, 0, Number.MAX_SAFE_INTEGER);
  return parseProducer({
    id: producerId,
    epoch: asInt(producerEpoch, "producerEpoch"),
    sequence: asInt(sequence, "sequence"),
    sequenceUnit,
  });
}
