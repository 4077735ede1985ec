// Workers RPC keeps only an exception's name and message: objects answer expected failures
// (EdgelogError) as Failure values instead; anything else is a bug and stays an exception.
import { EdgelogError, type Failure } from "../../src/protocol/errors.js";

export async function answer<T>(operation: () => Promise<T>): Promise<T | Failure> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof EdgelogError) return err.toFailure();
    throw err;
  }
}
