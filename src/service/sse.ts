// Live tailing as Server-Sent Events: `event: records`, `id: <next offset>`, `data: [records]`,
// a comment as keep-alive at least every SSE_KEEPALIVE_MS, and a bounded connection lifetime
// (EventSource reconnects with Last-Event-ID, which resumes exactly where the last event ended).
import type { ReadOk } from "../log/partition-rpc.js";
import { EdgelogError } from "../protocol/errors.js";
import { SSE_CONNECTION_MS_MAX, SSE_KEEPALIVE_MS, SSE_RETRY_MS } from "../protocol/limits.js";

/** Reads from `offset`, waiting up to `waitMs` for something new. */
export type TailRead = (offset: number, waitMs: number) => Promise<ReadOk>;

const encoder = new TextEncoder();

export function recordsEvent(read: ReadOk): string {
  return `event: records\nid: ${read.nextOffset}\ndata: [${read.records}]\n\n`;
}

/**
 * Streams events starting with `first` (a read already made, so a bad offset could still be
 * answered with a proper HTTP error), then follows the log until the lifetime ends or the client
 * goes away.
 */
export function tailStream(
  first: ReadOk,
  read: TailRead,
  now: () => number = Date.now,
): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const send = (text: string) => writer.write(encoder.encode(text));
  const deadline = now() + SSE_CONNECTION_MS_MAX;

  async function follow(): Promise<void> {
    await send(
      `retry: ${SSE_RETRY_MS}\n: tailing from offset ${first.nextOffset - first.count}\n\n`,
    );
    if (first.count > 0) await send(recordsEvent(first));
    let offset = first.nextOffset;
    for (let left = deadline - now(); left > 0; left = deadline - now()) {
      const next = await read(offset, Math.min(SSE_KEEPALIVE_MS, left));
      if (next.count > 0) {
        await send(recordsEvent(next));
        offset = next.nextOffset;
      } else {
        await send(": keep-alive\n\n");
      }
    }
    await writer.close();
  }

  follow().catch(async (err: unknown) => {
    // A failed write means the client left; anything else is told to the client, then closed.
    const body =
      err instanceof EdgelogError
        ? err.toBody()
        : { code: "UNAVAILABLE", message: "the tail was interrupted", retriable: true };
    await send(`event: error\ndata: ${JSON.stringify(body)}\n\n`).catch(() => undefined);
    await writer.close().catch(() => undefined);
  });
  return readable;
}
