// Validation of produce requests (JSON envelope or NDJSON). The whole request is checked before
// any write, so a rejected request leaves every partition untouched.
import { EdgelogError } from "./errors.js";
import {
  assertEnvelopeDepth,
  exceedsDepth,
  isNonNegativeInteger,
  isPlainObject,
  parseJson,
} from "./json-body.js";
import { HEADERS_PER_RECORD_MAX, RECORDS_PER_REQUEST_MAX, VALUE_DEPTH_MAX } from "./limits.js";
import type { Acks, Headers, ProduceRecord } from "./types.js";

export interface ProducerFields {
  id: string;
  epoch: number;
  sequence: number;
}

export interface ProduceRequest {
  records: ProduceRecord[];
  acks: Acks;
  producer?: ProducerFields;
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

/** Parses `{records:[…], acks?, producer?}`. */
export function parseProduceJson(text: string): ProduceRequest {
  const body = parseJson(text);
  // Record values get their own, deeper budget below; everything else is the envelope.
  assertEnvelopeDepth(body, (parent, key) => key === "value" && parent !== body);
  if (!isPlainObject(body)) throw invalid("body must be a JSON object with a `records` array");
  for (const field of Object.keys(body)) {
    if (!ENVELOPE_FIELDS.has(field)) throw invalid(`unknown field \`${field}\``, { field });
  }
  if (!Array.isArray(body.records)) throw invalid("`records` must be an array");
  const request: ProduceRequest = {
    records: parseRecords(body.records),
    acks: parseAcks(body.acks),
  };
  if (body.producer !== undefined) request.producer = parseProducer(body.producer);
  return request;
}

/** Parses NDJSON: one record object a line; acks and producer fields come from the query. */
export function parseProduceNdjson(text: string, query: Record<string, string>): ProduceRequest {
  const records: unknown[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    if (records.length >= RECORDS_PER_REQUEST_MAX) throw tooManyRecords();
    const record = parseJson(line, `line ${i + 1}`);
    assertEnvelopeDepth(record, (parent, key) => key === "value" && parent === record);
    records.push(record);
  }
  const request: ProduceRequest = {
    records: parseRecords(records),
    acks: parseAcks(parseAcksQuery(query.acks)),
  };
  const producer = parseProducerQuery(query);
  if (producer !== undefined) request.producer = producer;
  return request;
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

export function parseRecord(raw: unknown, index: number): ProduceRecord {
  const at = (message: string) => invalid(`record ${index}: ${message}`, { index });
  if (!isPlainObject(raw)) throw at("must be an object");
  for (const field of Object.keys(raw)) {
    if (!RECORD_FIELDS.has(field)) throw at(`unknown field \`${field}\``);
  }
  const record: ProduceRecord = {};
  if (raw.key !== undefined && raw.keyBase64 !== undefined) throw at("give key or keyBase64");
  if (raw.key !== undefined) {
    if (raw.key !== null && typeof raw.key !== "string") throw at("key must be a string or null");
    record.key = raw.key;
  } else if (raw.keyBase64 !== undefined) {
    if (typeof raw.keyBase64 !== "string" || !BASE64.test(raw.keyBase64)) {
      throw at("keyBase64 must be a base64 string");
    }
    record.keyBase64 = raw.keyBase64;
  }
  if (raw.valueBase64 !== undefined) {
    if (raw.value !== undefined) throw at("give value or valueBase64, not both");
    if (typeof raw.valueBase64 !== "string" || !BASE64.test(raw.valueBase64)) {
      throw at("valueBase64 must be a base64 string");
    }
    record.valueBase64 = raw.valueBase64;
  } else {
    if (raw.value === undefined) throw at("value is required (null is a tombstone)");
    if (exceedsDepth(raw.value, VALUE_DEPTH_MAX)) {
      throw at(`value nests deeper than ${VALUE_DEPTH_MAX} levels`);
    }
    record.value = raw.value;
  }
  if (raw.headers !== undefined) record.headers = parseHeaders(raw.headers, at);
  if (raw.partition !== undefined) {
    if (!isNonNegativeInteger(raw.partition)) throw at("partition must be an integer ≥ 0");
    record.partition = raw.partition;
  }
  if (raw.timestamp !== undefined) {
    if (!isNonNegativeInteger(raw.timestamp)) {
      throw at("timestamp must be an integer ≥ 0 (milliseconds since the epoch)");
    }
    record.timestamp = raw.timestamp;
  }
  return record;
}

function parseHeaders(raw: unknown, at: (message: string) => EdgelogError): Headers {
  if (!isPlainObject(raw)) throw at("headers must be an object of string to string");
  let count = 0;
  for (const name in raw) {
    if (typeof raw[name] !== "string") throw at(`header \`${name}\` must be a string`);
    if (++count > HEADERS_PER_RECORD_MAX) {
      throw at(`at most ${HEADERS_PER_RECORD_MAX} headers a record`);
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
  const { id, epoch, sequence } = raw;
  if (typeof id !== "string" || id === "") throw invalid("producer.id must be a string");
  if (!isNonNegativeInteger(epoch)) throw invalid("producer.epoch must be an integer ≥ 0");
  if (!isNonNegativeInteger(sequence)) throw invalid("producer.sequence must be an integer ≥ 0");
  return { id, epoch, sequence };
}

function parseProducerQuery(query: Record<string, string>): ProducerFields | undefined {
  const { producerId, producerEpoch, sequence } = query;
  if (producerId === undefined && producerEpoch === undefined && sequence === undefined) {
    return undefined;
  }
  const asInt = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : s);
  return parseProducer({ id: producerId, epoch: asInt(producerEpoch), sequence: asInt(sequence) });
}
