// The dry run of an offsets reset: the offset the server would write for one partition, by the
// same rule (src/service/groups.ts resetOffsets, and the CLI's `groups reset-offsets`).
import type { OffsetsResponse } from "../../src/protocol/types.js";

export type ResetTarget = "earliest" | "latest" | { offset: number } | { timestamp: number };

/** `offsets` is the partition's, asked with `?timestamp` when the target is a time. */
export function plannedOffset(to: ResetTarget, offsets: OffsetsResponse): number {
  if (to === "earliest") return offsets.logStartOffset;
  if (to === "latest") return offsets.highWatermark;
  if ("timestamp" in to) return offsets.offset ?? offsets.highWatermark;
  // An explicit offset is clamped into the log, as Kafka's reset tool does.
  return Math.min(Math.max(to.offset, offsets.logStartOffset), offsets.highWatermark);
}
