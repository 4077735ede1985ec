// The dead-letter record builder of push subscriptions: a record that could not be delivered
// goes to the dead-letter topic with its key, value and headers unchanged, plus `edgelog-*`
// headers naming where it came from and why (design/delivery.md; share groups add their own
// reasons to the same header set).
import type { Headers, ProduceRecord } from "../protocol/types.js";

/** A record as fetch answers it (record-codec.ts frames it). */
interface FetchedRecord {
  offset: number;
  timestamp: number;
  key?: string | null;
  keyBase64?: string;
  value?: unknown;
  valueBase64?: string;
  headers?: Headers;
}

export interface DeadLetterSource {
  topic: string;
  partition: number;
  /** The endpoint's last status; null when the last attempt got no answer (timeout, network). */
  lastStatus: number | null;
}

/**
 * The dead letters of a batch, from the records' text as a partition read answers it (the
 * inside of a JSON array), in offset order.
 */
export function deadLetterRecords(recordsText: string, source: DeadLetterSource): ProduceRecord[] {
  const fetched = JSON.parse(`[${recordsText}]`) as FetchedRecord[];
  return fetched.map((record) => {
    const headers: Headers = {
      ...(record.headers ?? {}),
      "edgelog-source-topic": source.topic,
      "edgelog-source-partition": String(source.partition),
      "edgelog-source-offset": String(record.offset),
      "edgelog-dead-reason": "delivery-failed",
      "edgelog-dead-last-status": source.lastStatus === null ? "none" : String(source.lastStatus),
    };
    const letter: ProduceRecord = { headers };
    if (record.keyBase64 !== undefined) letter.keyBase64 = record.keyBase64;
    else letter.key = record.key ?? null;
    if (record.valueBase64 !== undefined) letter.valueBase64 = record.valueBase64;
    else letter.value = record.value ?? null;
    return letter;
  });
}
