// INVALID_QUERY errors: every one names the 1-based line and column of the offending token.
import { EdgelogError } from "../protocol/errors.js";

/** Where a token starts in the statement text: 1-based line and column (UTF-16 units). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export function invalidQuery(message: string, at: Position): EdgelogError {
  return new EdgelogError("INVALID_QUERY", `${message} (line ${at.line}, column ${at.column})`, {
    line: at.line,
    column: at.column,
  });
}
