// The dead letters of a push subscription's batch: each record as deadLetterRecord builds it for
// share groups too, with reason `delivery-failed` and the endpoint's last status added
// (design/delivery.md).
import type { FetchedRecord, ProduceRecord } from "../protocol/types.js";
import { DEAD_LETTER_HEADERS, deadLetterRecord } from "./dead-letter-record.js";

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
  const lastStatus = {
    [DEAD_LETTER_HEADERS.lastStatus]:
      source.lastStatus === null ? "none" : String(source.lastStatus),
  };
  return fetched.map((record) => deadLetterRecord(source, record, "delivery-failed", lastStatus));
}
