// Live tailing over SSE: records produced after connecting arrive; Last-Event-ID resumes exactly.
import { describe, expect, it } from "vitest";
import { type Api, type FetchedRecord, uniqueTopic } from "../support/api.js";
import { expectError } from "../support/expect.js";
import { SseReader } from "../support/sse.js";

function tail(api: Api, topic: string, query = "", headers: Record<string, string> = {}) {
  return api.raw("GET", `/v1/topics/${topic}/partitions/0/records${query}`, {
    headers: { accept: "text/event-stream", ...headers },
  });
}

/** Reads `records` events until `count` records arrived; returns them and the last event id. */
async function collect(reader: SseReader, count: number) {
  const records: FetchedRecord[] = [];
  let lastId: string | undefined;
  while (records.length < count) {
    const event = await reader.next();
    if (event === null) throw new Error(`stream ended after ${records.length} records`);
    expect(event.event).toBe("records");
    records.push(...(JSON.parse(event.data) as FetchedRecord[]));
    lastId = event.id;
    expect(Number(lastId)).toBe((records.at(-1)?.offset ?? -1) + 1);
  }
  return { records, lastId };
}

export function sseSuite(api: Api): void {
  describe("SSE tail", () => {
    it("delivers history, then records produced after the connection opened", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      await api.produce(topic, [{ value: "before-0" }, { value: "before-1" }]);
      const response = await tail(api, topic, "?offset=1");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/event-stream");
      const reader = new SseReader(response);
      const history = await collect(reader, 1);
      expect(history.records.map((r) => r.value)).toEqual(["before-1"]);
      await api.produce(topic, [{ value: "live-2" }, { value: "live-3" }]);
      await api.produce(topic, [{ key: "k", value: { live: 4 }, headers: { h: "v" } }]);
      const live = await collect(reader, 3);
      expect(live.records.map((r) => r.offset)).toEqual([2, 3, 4]);
      expect(live.records[2]).toMatchObject({ key: "k", value: { live: 4 }, headers: { h: "v" } });
      await reader.close();
    });

    it("resumes from Last-Event-ID without gaps or repeats, over ?offset", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      await api.produce(
        topic,
        Array.from({ length: 5 }, (_, i) => ({ value: i })),
      );
      const first = new SseReader(await tail(api, topic, "?offset=0"));
      const seen = await collect(first, 5);
      await first.close();
      await api.produce(
        topic,
        Array.from({ length: 3 }, (_, i) => ({ value: 5 + i })),
      );
      const resumed = await tail(api, topic, "?offset=0", { "last-event-id": seen.lastId ?? "" });
      const second = new SseReader(resumed);
      const rest = await collect(second, 3);
      await second.close();
      const offsets = [...seen.records, ...rest.records].map((r) => r.offset);
      expect(offsets).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it("answers a bad resume point with a plain HTTP error", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const past = await tail(api, topic, "", { "last-event-id": "9" });
      expect(past.status).toBe(416);
      const body = (await past.json()) as { error: { code: string } };
      expect(body.error.code).toBe("OFFSET_OUT_OF_RANGE");
      const garbage = await tail(api, topic, "", { "last-event-id": "nine" });
      expectError(
        { status: garbage.status, body: await garbage.json(), headers: garbage.headers },
        400,
        "INVALID_REQUEST",
      );
    });
  });
}
