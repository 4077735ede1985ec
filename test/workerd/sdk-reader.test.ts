// The SDK's reads outside a group against the real worker: `read()` pages and long-polls, and
// `tail()` follows a partition over SSE, resuming exactly after the last page when a stream
// breaks, ending on abort, and surfacing a non-retriable error with its code.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Edgelog, EdgelogClientError, type TailPage } from "../../src/client/index.js";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";

const worker = (request: Request) => exports.default.fetch(request);

function client(fetch: (request: Request) => Promise<Response> = worker): Edgelog {
  return new Edgelog({ url: "http://edgelog.test", fetch, retry: { initialMs: 5, maxMs: 20 } });
}

/**
 * Every SSE stream ends right after its first `records` event, as a stream does when its
 * lifetime is over or a proxy drops it (terminate keeps what was sent readable).
 */
function endingStreams(request: Request): Promise<Response> {
  return worker(request).then((response) => {
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      return response;
    }
    const decoder = new TextDecoder();
    let seen = "";
    const cut = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        seen += decoder.decode(chunk, { stream: true });
        if (seen.includes("event: records")) controller.terminate();
      },
    });
    void response.body?.pipeTo(cut.writable).catch(() => undefined);
    return new Response(cut.readable, { headers: response.headers });
  });
}

async function collect(pages: AsyncGenerator<TailPage>, records: number): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const page of pages) {
    values.push(...page.records.map((r) => r.value));
    if (values.length >= records) break;
  }
  return values;
}

describe("SDK read and tail", () => {
  it("reads a page from an offset and long-polls for the next record", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    await api.produce(topic, [{ value: "a" }, { value: "b" }, { value: "c" }]);
    const edgelog = client();
    const page = await edgelog.read({ topic, partition: 0, offset: 1, maxRecords: 1 });
    expect(page.records.map((r) => [r.offset, r.value])).toEqual([[1, "b"]]);
    expect(page).toMatchObject({ nextOffset: 2, highWatermark: 3, logStartOffset: 0 });
    const waiting = edgelog.read({ topic, partition: 0, offset: 3, waitMs: 5_000 });
    await api.produce(topic, [{ value: "d" }]);
    expect((await waiting).records.map((r) => r.value)).toEqual(["d"]);
    const past = await edgelog.read({ topic, partition: 0, offset: 9 }).catch((err) => err);
    expect(past).toBeInstanceOf(EdgelogClientError);
    expect(past).toMatchObject({ code: "OFFSET_OUT_OF_RANGE", status: 416 });
  });

  it("tails records as they are produced, from the offset asked for", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    await api.produce(topic, [{ value: "old" }]);
    const pages = client().tail({ topic, partition: 0, offset: 1 });
    const tailed = collect(pages, 3);
    for (const value of ["x", "y", "z"]) await api.produce(topic, [{ value }]);
    expect(await tailed).toEqual(["x", "y", "z"]);
  });

  it("resumes after the last page when a stream ends: nothing skipped, nothing twice", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    await api.produce(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ value: i })),
    );
    const pages = client(endingStreams).tail({ topic, partition: 0, offset: 0 });
    const tailed = collect(pages, 8);
    for (let i = 5; i < 8; i++) await api.produce(topic, [{ value: i }]);
    expect(await tailed).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("ends when its signal aborts, and throws a non-retriable error with its code", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const stop = new AbortController();
    const pages = client().tail({ topic, partition: 0, signal: stop.signal });
    const ended = collect(pages, 1);
    setTimeout(() => stop.abort(), 100);
    expect(await ended).toEqual([]);
    const missing = client().tail({ topic: uniqueTopic("none"), partition: 0 });
    const error = await missing.next().catch((err) => err);
    expect(error).toMatchObject({ code: "TOPIC_NOT_FOUND", retriable: false });
  });
});
