// What a share group's object has read of one partition but not leased yet, and the reads under
// way: records live here only until leased, so memory stays near one read per partition.
import type { Failure } from "../protocol/errors.js";
import type { FetchedRecord } from "../protocol/types.js";

export interface Read {
  done: Promise<void>;
  /** A read that does not long-poll: worth awaiting even with no wait left. */
  quick: boolean;
}

/** What one share partition has read but not leased yet. */
export class PartitionBuffer {
  /** Records never leased, at or past the end offset, in offset order. */
  fresh: FetchedRecord[] = [];
  /** Where the next read of fresh records starts; null: at the end offset. */
  freshReadFrom: number | null = null;
  /** Records of available (released or expired) rows, by offset. */
  readonly redeliveries = new Map<number, FetchedRecord>();
  /** One read of each kind at a time: a long-polling fresh read never holds up redeliveries. */
  readonly reads: { fresh: Read | null; redeliveries: Read | null } = {
    fresh: null,
    redeliveries: null,
  };
  retryAt = 0;
  failure: Failure | null = null;
}
