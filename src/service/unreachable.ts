// The one rule for answers that degrade per partition (topic describe, group lag): a partition
// that cannot be reached now is reported in its row; any other failure is the whole answer's.
import { ERROR_CODES } from "../protocol/error-codes.js";
import { EdgelogError, type ErrorBody } from "../protocol/errors.js";

/**
 * The body of `err` when it says "cannot be reached now" (a retriable edgelog error); rethrows
 * anything else (the topic deleted meanwhile, a bug).
 */
export function unreachableError(err: unknown): ErrorBody {
  if (!(err instanceof EdgelogError) || !ERROR_CODES[err.code].retriable) throw err;
  return err.toBody();
}
