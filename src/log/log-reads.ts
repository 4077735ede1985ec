// A partition log's read side: records from an offset up to the high watermark, and the first
// offset stamped at or after a time. The offsets come from the log; the batches from its store.
import { EdgelogError, type Failure } from "../protocol/errors.js";
import type { PartitionOffsets } from "../protocol/types.js";
import type { BatchStore } from "./batch-store.js";
import type { OffsetsOk, ReadInput, ReadOk } from "./partition-rpc.js";
import { firstOffsetReaching, readRecords } from "./record-reader.js";

/** A read must start within [log start, log end]: the log end itself reads nothing yet. */
export function outOfRange(offset: number, offsets: PartitionOffsets): Failure | null {
  if (offset >= offsets.logStartOffset && offset <= offsets.logEndOffset) return null;
  return new EdgelogError(
    "OFFSET_OUT_OF_RANGE",
    `offset ${offset} is outside [${offsets.logStartOffset}, ${offsets.logEndOffset}]`,
    { logStartOffset: offsets.logStartOffset, highWatermark: offsets.highWatermark },
  ).toFailure();
}

/** Reads from `offset` up to the high watermark; an empty answer means nothing new yet. */
export function readLog(
  store: BatchStore,
  offsets: PartitionOffsets,
  input: ReadInput,
): ReadOk | Failure {
  const offset = input.offset ?? offsets.logStartOffset;
  const refused = outOfRange(offset, offsets);
  if (refused !== null) return refused;
  const { highWatermark } = offsets;
  const batches = store.scan(offset, highWatermark);
  const read = readRecords(batches, offset, highWatermark, input.maxRecords, input.maxBytes);
  return { ok: true, ...read, ...offsets };
}

/** Offsets, plus with `timestamp` the first offset stamped at or after it (or null). */
export function offsetsAt(
  store: BatchStore,
  offsets: PartitionOffsets,
  timestamp: number | null,
): OffsetsOk {
  if (timestamp === null) return { ok: true, ...offsets };
  const batch = store.firstBatchReaching(timestamp, offsets.highWatermark);
  const offset =
    batch === null
      ? null
      : firstOffsetReaching(batch, timestamp, offsets.logStartOffset, offsets.highWatermark);
  return { ok: true, ...offsets, offset };
}
