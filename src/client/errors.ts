// The SDK's one error class: an edgelog error answer, typed by its stable code (DESIGN.md §4).
// Clients branch on `code`; `retriable` says whether the SDK's retries may try again.
import { ERROR_CODES, type ErrorCode } from "../protocol/error-codes.js";

export class EdgelogClientError extends Error {
  override readonly name = "EdgelogClientError";

  constructor(
    /** One of the codes of DESIGN.md §4 (`ERROR_CODES`). */
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly retriable: boolean,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${message}`);
  }

  /** The error a non-2xx answer carries; a body that is not an edgelog error becomes INTERNAL. */
  static fromAnswer(status: number, body: unknown): EdgelogClientError {
    const error = (body as { error?: Record<string, unknown> } | null)?.error;
    const code = error?.code;
    if (typeof code === "string" && code in ERROR_CODES) {
      const known = code as ErrorCode;
      return new EdgelogClientError(
        known,
        typeof error?.message === "string" ? error.message : known,
        status,
        typeof error?.retriable === "boolean" ? error.retriable : ERROR_CODES[known].retriable,
        error?.details as Record<string, unknown> | undefined,
      );
    }
    // A newer server's code this SDK does not know: its own flag says whether to retry, so a
    // refusal that no retry can change (as NOT_CONFIGURED was once new) still fails at once.
    if (typeof code === "string" && typeof error?.retriable === "boolean") {
      const message = typeof error.message === "string" ? error.message : "";
      return new EdgelogClientError("INTERNAL", `${code}: ${message}`, status, error.retriable);
    }
    // A proxy or platform answer, not edgelog's: a 5xx may pass, anything else will not.
    return new EdgelogClientError("INTERNAL", `HTTP ${status}`, status, status >= 500);
  }

  /** The server could not be reached (fetch itself failed): retriable, outcome unknown. */
  static unreachable(cause: unknown): EdgelogClientError {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new EdgelogClientError("UNAVAILABLE", `unreachable: ${message}`, 0, true);
  }
}
