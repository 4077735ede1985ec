// A partition the CLI must read from: its description has offsets, or the command fails with
// the error the partition was described with (UNAVAILABLE while its replicas are unreachable).
import { EdgelogClientError } from "../client/index.js";
import { ERROR_CODES } from "../protocol/error-codes.js";
import type { AvailablePartitionDescription, PartitionDescription } from "../protocol/types.js";

export function readablePartition(p: PartitionDescription): AvailablePartitionDescription {
  if (p.error === undefined) return p;
  const { code, message, retriable, details } = p.error;
  const status = ERROR_CODES[code].status;
  throw new EdgelogClientError(
    code,
    `partition ${p.partition}: ${message}`,
    status,
    retriable,
    details,
  );
}
