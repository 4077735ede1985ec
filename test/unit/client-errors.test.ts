// The SDK's reading of error answers decides what its retries do: a refusal marked not retriable
// fails after one attempt, whether or not this SDK knows the code.
import { describe, expect, it } from "vitest";
import { EdgelogClientError } from "../../src/client/errors.js";
import { withRetry } from "../../src/client/retry.js";

const NOT_CONFIGURED = {
  error: { code: "NOT_CONFIGURED", message: "set EDGELOG_ADMIN_TOKEN", retriable: false },
};

/** How many attempts withRetry makes when each one fails with `error`. */
async function attemptsOn(error: EdgelogClientError): Promise<number> {
  let attempts = 0;
  const retry = { retries: 5, initialMs: 1, maxMs: 1, factor: 1, jitter: 0 };
  await expect(
    withRetry(async () => {
      attempts += 1;
      throw error;
    }, retry),
  ).rejects.toBe(error);
  return attempts;
}

describe("EdgelogClientError.fromAnswer and withRetry", () => {
  it("reads NOT_CONFIGURED as not retriable, so a call makes one attempt", async () => {
    const error = EdgelogClientError.fromAnswer(500, NOT_CONFIGURED);
    expect(error).toMatchObject({ code: "NOT_CONFIGURED", status: 500, retriable: false });
    expect(await attemptsOn(error)).toBe(1);
  });

  it("takes the table's flag when an answer leaves retriable out", () => {
    const { code, message } = NOT_CONFIGURED.error;
    const error = EdgelogClientError.fromAnswer(500, { error: { code, message } });
    expect(error.retriable).toBe(false);
  });

  it("keeps a newer server's flag for a code it does not know", async () => {
    const body = { error: { code: "SOME_LATER_CODE", message: "fix it", retriable: false } };
    const error = EdgelogClientError.fromAnswer(500, body);
    expect(error).toMatchObject({ code: "INTERNAL", status: 500, retriable: false });
    expect(error.message).toBe("INTERNAL: SOME_LATER_CODE: fix it");
    expect(await attemptsOn(error)).toBe(1);
  });

  it("still retries a 5xx that is not an edgelog answer (a proxy's)", async () => {
    const error = EdgelogClientError.fromAnswer(502, "<html>bad gateway</html>");
    expect(error).toMatchObject({ code: "INTERNAL", retriable: true });
    expect(await attemptsOn(error)).toBe(6);
  });
});
