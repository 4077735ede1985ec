// The one error type of edgelog's core, and the typed failure that crosses RPC boundaries.
import { ERROR_CODES, type ErrorCode } from "./error-codes.js";

export type ErrorDetails = Record<string, unknown>;

/** The wire form: `{ "error": { code, message, retriable, details? } }`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  retriable: boolean;
  details?: ErrorDetails;
}

/**
 * Workers RPC keeps only an error's name and message, so objects return expected failures as
 * values of this shape instead of throwing them.
 */
export interface Failure {
  ok: false;
  error: ErrorBody;
  /** The callee did nothing (not the leader, or down before the call): safe to retry elsewhere. */
  retrySafe?: boolean;
}

export class EdgelogError extends Error {
  override readonly name = "EdgelogError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = {
      code: this.code,
      message: this.message,
      retriable: ERROR_CODES[this.code].retriable,
    };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }

  toFailure(): Failure {
    return { ok: false, error: this.toBody() };
  }

  static fromBody(body: ErrorBody): EdgelogError {
    return new EdgelogError(body.code, body.message, body.details);
  }
}

export function fail(code: ErrorCode, message: string, details?: ErrorDetails): Failure {
  return new EdgelogError(code, message, details).toFailure();
}

/** Turns a typed RPC result back into a value, or throws its error on the caller's side. */
export function unwrap<T extends { ok: true }>(result: T | Failure): T {
  if (!result.ok) throw EdgelogError.fromBody(result.error);
  return result;
}
