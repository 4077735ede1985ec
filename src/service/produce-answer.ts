// The produce answer (DESIGN.md §4), built by hand: it is built for every produce. Two forms:
// one offset per record in request order (the default), or, when the client asks for it, one
// entry per partition, which costs the same for 1 or 10,000 records.
import type { AppendOk } from "../log/partition-rpc.js";
import { EdgelogError, type ErrorBody, type Failure } from "../protocol/errors.js";
import type { ProduceAnswer } from "../protocol/produce-request.js";
import type { ProduceRecord } from "../protocol/types.js";

/** One partition's share of a request: the request positions of its records, in order. */
export interface Share {
  partition: number;
  positions: number[];
}

/** `json` is a ProduceResponse or a CompactProduceResponse (protocol/types.ts). */
export type ProduceOutcome = { status: 200 | 207; json: string } | { status: 202; json: null };

/** The answer in the form asked; every partition failed → that error alone, as a plain error. */
export function answerProduce(
  form: ProduceAnswer,
  records: ProduceRecord[],
  shares: Share[],
  results: Array<AppendOk | Failure>,
): ProduceOutcome {
  let failures = 0;
  let duplicates = 0;
  let firstError: ErrorBody | undefined;
  for (const result of results) {
    if (!result.ok) {
      failures++;
      firstError ??= result.error;
    } else if (result.duplicate !== undefined) {
      duplicates++;
    }
  }
  if (failures === shares.length && firstError !== undefined) {
    throw EdgelogError.fromBody(firstError);
  }
  // Every share a retried batch: the whole request was a duplicate.
  const flag = duplicates === shares.length ? ',"duplicate":true' : "";
  const json =
    form === "compact"
      ? `{"partitions":[${compactEntries(shares, results)}]${flag}}`
      : `{"offsets":[${offsetEntries(records, shares, results)}]${flag}}`;
  return { status: failures > 0 ? 207 : 200, json };
}

/** Offsets in request order; a failed partition's records carry its error instead. */
function offsetEntries(
  records: ProduceRecord[],
  shares: Share[],
  results: Array<AppendOk | Failure>,
): string {
  const entries = new Array<string>(records.length);
  for (let s = 0; s < shares.length; s++) {
    const { partition, positions } = shares[s] as Share;
    const result = results[s] as AppendOk | Failure;
    if (!result.ok) {
      const entry = JSON.stringify({ partition, error: result.error });
      for (const i of positions) entries[i] = entry;
      continue;
    }
    const head = `{"partition":${partition},"offset":`;
    const stored = result.duplicate?.timestamps;
    const tail = stored === undefined ? "}" : ',"duplicate":true}';
    // Records stamped at log-append time (the commonest) share one ending.
    const appendTail = `,"timestamp":${result.appendTime}${tail}`;
    for (let j = 0; j < positions.length; j++) {
      const i = positions[j] as number;
      const timestamp = stored?.[j] ?? records[i]?.timestamp;
      entries[i] =
        timestamp === undefined
          ? `${head}${result.baseOffset + j}${appendTail}`
          : `${head}${result.baseOffset + j},"timestamp":${timestamp}${tail}`;
    }
  }
  return entries.join(",");
}

/**
 * One entry per partition, in the order of each partition's first record in the request: its
 * records hold offsets baseOffset … baseOffset + count − 1 in request order. `timestamp` is the
 * log-append time, which records sent without a timestamp carry; a retried batch (duplicate)
 * lists its stored `timestamps` instead, since the original append's are the ones that count.
 */
function compactEntries(shares: Share[], results: Array<AppendOk | Failure>): string {
  const entries = new Array<string>(shares.length);
  for (let s = 0; s < shares.length; s++) {
    const { partition, positions } = shares[s] as Share;
    const result = results[s] as AppendOk | Failure;
    const head = `{"partition":${partition},`;
    const count = positions.length;
    if (!result.ok) {
      entries[s] = `${head}"count":${count},"error":${JSON.stringify(result.error)}}`;
    } else if (result.duplicate === undefined) {
      entries[s] =
        `${head}"baseOffset":${result.baseOffset},"count":${count},` +
        `"timestamp":${result.appendTime}}`;
    } else {
      const timestamps = JSON.stringify(result.duplicate.timestamps.slice(0, count));
      entries[s] =
        `${head}"baseOffset":${result.baseOffset},"count":${count},` +
        `"timestamps":${timestamps},"duplicate":true}`;
    }
  }
  return entries.join(",");
}
