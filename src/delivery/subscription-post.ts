// One push delivery over HTTP: POST the batch, wait at most timeoutMs for the status. The answer's
// body is never read (receivers answer what they like); it is cancelled to free the connection.

export interface PostOutcome {
  /** The endpoint's status; null when there was no answer in time (timeout, network error). */
  status: number | null;
  /** Why it failed, for the subscription's description; null on a 2xx. */
  error: string | null;
}

export async function postDelivery(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostOutcome> {
  // A timer cleared on the answer, not AbortSignal.timeout: its timer would outlive the answer
  // and keep the object awake (and billed) for timeoutMs after every delivery.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body,
      headers,
      redirect: "manual",
      signal: abort.signal,
    });
  } catch (err) {
    const timedOut = abort.signal.aborted;
    return {
      status: null,
      error: timedOut
        ? `no answer within ${timeoutMs} ms`
        : `request failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    clearTimeout(timer);
  }
  await response.body?.cancel().catch(() => undefined);
  const ok = response.status >= 200 && response.status < 300;
  return { status: response.status, error: ok ? null : `endpoint answered ${response.status}` };
}
