// Bad produce input: every rejection answers its DESIGN.md code and leaves the log unchanged.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError, snapshot } from "../support/expect.js";

const MiB = 1024 * 1024;
/** `{"key":null,"value":"…","headers":{}}` minus the value's characters: 30 bytes of framing. */
const RECORD_FRAMING_BYTES = '"key":null,"value":"","headers":{}'.length;

function nested(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

export function badInputSuite(api: Api): void {
  describe("bad produce input", () => {
    async function withLog(check: (topic: string) => Promise<void>): Promise<void> {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      await api.produce(topic, [
        { value: "kept-0", partition: 0 },
        { value: "kept-1", partition: 1 },
      ]);
      const before = await snapshot(api, topic, 2);
      await check(topic);
      expect(await snapshot(api, topic, 2)).toEqual(before);
    }

    const post = (topic: string, body: unknown, type = "application/json") =>
      api.request("POST", `/v1/topics/${topic}/records`, body, { "content-type": type });

    it("rejects malformed JSON and NDJSON with INVALID_REQUEST", () =>
      withLog(async (topic) => {
        expectError(await post(topic, '{"records": [{"value": 1}'), 400, "INVALID_REQUEST");
        expectError(await post(topic, ""), 400, "INVALID_REQUEST");
        const ndjson = '{"value":1}\n{"value":2\n';
        const bad = await post(topic, ndjson, "application/x-ndjson");
        expect(expectError(bad, 400, "INVALID_REQUEST").error.message).toContain("line 2");
      }));

    it("rejects wrong field types, and a bad record rejects its whole request", () =>
      withLog(async (topic) => {
        const bad: unknown[] = [
          [],
          { records: "nope" },
          { records: [{ value: 1 }], acks: 2 },
          { records: [{ value: 1 }], acks: "1" },
          { records: [{ value: 1 }], extra: true },
          { records: [1] },
          { records: [{ key: 5, value: 1 }] },
          { records: [{ value: 1, headers: { a: 1 } }] },
          { records: [{ value: 1, headers: ["a"] }] },
          { records: [{ value: 1, partition: -1 }] },
          { records: [{ value: 1, partition: "0" }] },
          { records: [{ value: 1, timestamp: 1.5 }] },
          { records: [{ value: 1, timestamp: -1 }] },
          { records: [{ key: "k" }] },
          { records: [{ value: 1, valueBase64: "AA==" }] },
          { records: [{ valueBase64: "not base64!" }] },
          { records: [{ keyBase64: "A", value: 1 }] },
          { records: [{ key: "a", keyBase64: "AA==", value: 1 }] },
          { records: [{ value: 1, vaule: 2 }] },
          { records: [{ value: 1 }], producer: { id: 1, epoch: 0, sequence: 0 } },
          {
            records: [
              { value: "fine", partition: 0 },
              { value: 1, headers: "x" },
            ],
          },
        ];
        for (const body of bad) expectError(await post(topic, body), 400, "INVALID_REQUEST");
        const query = await api.request(
          "POST",
          `/v1/topics/${topic}/records?acks=2`,
          '{"value":1}',
          {
            "content-type": "application/x-ndjson",
          },
        );
        expectError(query, 400, "INVALID_REQUEST");
      }));

    it("rejects an empty batch", () =>
      withLog(async (topic) => {
        expectError(await post(topic, { records: [] }), 400, "INVALID_REQUEST");
        expectError(await post(topic, "\n\n", "application/x-ndjson"), 400, "INVALID_REQUEST");
      }));

    it("answers TOPIC_NOT_FOUND and PARTITION_NOT_FOUND", () =>
      withLog(async (topic) => {
        expectError(await api.produce(uniqueTopic(), [{ value: 1 }]), 404, "TOPIC_NOT_FOUND");
        const answer = await api.produce(topic, [
          { value: "would land", partition: 0 },
          { value: 1, partition: 2 },
        ]);
        expectError(answer, 404, "PARTITION_NOT_FOUND");
        expectError(await api.produce("bad name", [{ value: 1 }]), 400, "INVALID_REQUEST");
      }));

    it("accepts a record at RECORD_BYTES_MAX and rejects one byte more", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const atLimit = "x".repeat(MiB - RECORD_FRAMING_BYTES);
      const ok = await api.produce(topic, [{ value: atLimit }]);
      expect(ok.status).toBe(200);
      const before = await snapshot(api, topic);
      const over = await api.produce(topic, [{ value: "small" }, { value: `${atLimit}x` }]);
      const body = expectError(over, 413, "RECORD_TOO_LARGE");
      expect(body.error.details).toMatchObject({ index: 1, recordBytesMax: MiB });
      expect(await snapshot(api, topic)).toEqual(before);
      const fetched = await api.fetch(topic, 0);
      expect(fetched.body.records[0]?.value).toBe(atLimit);
    });

    it("accepts a request of REQUEST_BYTES_MAX and rejects one byte more", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      // Four records of ~1 MiB: the body is padded with spaces to exactly 4 MiB.
      const value = "y".repeat(MiB - 64);
      const json = JSON.stringify({ records: Array.from({ length: 4 }, () => ({ value })) });
      const atLimit = `${json}${" ".repeat(4 * MiB - json.length)}`;
      const ok = await api.request<{ offsets: unknown[] }>(
        "POST",
        `/v1/topics/${topic}/records`,
        atLimit,
      );
      expect(ok.status).toBe(200);
      expect(ok.body.offsets).toHaveLength(4);
      const before = await snapshot(api, topic);
      const over = await post(topic, `${atLimit} `);
      expect(expectError(over, 413, "REQUEST_TOO_LARGE").error.details).toEqual({
        requestBytesMax: 4 * MiB,
      });
      expect(await snapshot(api, topic)).toEqual(before);
    });

    it("bounds JSON nesting: 64 levels in the envelope, 512 inside a value", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      // The body object is level 1, so 63 more levels reach 64 exactly.
      const envelope64 = `{"records":[{"value":1}],"x":${nested(63)}}`;
      expectError(await post(topic, envelope64), 400, "INVALID_REQUEST"); // unknown field x
      const envelope65 = `{"records":[{"value":1}],"x":${nested(64)}}`;
      const deep = expectError(await post(topic, envelope65), 400, "INVALID_REQUEST");
      expect(deep.error.details).toEqual({ depthMax: 64 });
      const value512 = `{"records":[{"value":${nested(512)}}]}`;
      expect((await post(topic, value512)).status).toBe(200);
      const before = await snapshot(api, topic);
      const value513 = `{"records":[{"value":${nested(513)}}]}`;
      expectError(await post(topic, value513), 400, "INVALID_REQUEST");
      const hostile = `{"records":[{"value":${nested(1_000_000)}}]}`;
      expectError(await post(topic, hostile), 400, "INVALID_REQUEST");
      expect(await snapshot(api, topic)).toEqual(before);
      let depth = 0;
      for (let v = before[0]?.records[0]?.value; Array.isArray(v); v = v[0]) depth++;
      expect(depth).toBe(512);
    });

    it("bounds records per request and headers per record", () =>
      withLog(async (topic) => {
        const tooMany = { records: Array.from({ length: 10_001 }, () => ({ value: 0 })) };
        expectError(await post(topic, tooMany), 400, "INVALID_REQUEST");
        const headers = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`h${i}`, "v"]));
        const record = { value: 1, headers };
        expectError(await post(topic, { records: [record] }), 400, "INVALID_REQUEST");
      }));

    it("rejects other media types and invalid UTF-8", () =>
      withLog(async (topic) => {
        const text = await post(topic, { records: [{ value: 1 }] }, "text/plain");
        expectError(text, 415, "UNSUPPORTED_MEDIA_TYPE");
        const invalid = await api.raw("POST", `/v1/topics/${topic}/records`, {
          headers: { "content-type": "application/json" },
          body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
        });
        expect(invalid.status).toBe(400);
        expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe(
          "INVALID_REQUEST",
        );
      }));

    // U+FFFD is what a replacing decoder puts for an invalid byte: one sent as such is text like
    // any other, and an invalid byte next to one is still refused.
    it("keeps a U+FFFD sent as such and refuses an invalid byte next to one", async () => {
      const topic = uniqueTopic();
      expect((await api.createTopic(topic, { partitions: 1 })).status).toBe(201);
      const sent = { records: [{ key: "k\uFFFD", value: { text: "a\uFFFDb" } }] };
      const encoded = new TextEncoder().encode(JSON.stringify(sent));
      const invalid = await api.raw("POST", `/v1/topics/${topic}/records`, {
        headers: { "content-type": "application/json" },
        body: new Uint8Array([...encoded.subarray(0, -3), 0xff, ...encoded.subarray(-3)]),
      });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe(
        "INVALID_REQUEST",
      );
      const ok = await api.raw("POST", `/v1/topics/${topic}/records`, {
        headers: { "content-type": "application/json" },
        body: encoded,
      });
      expect(ok.status).toBe(200);
      const fetched = await api.fetch(topic, 0);
      expect(fetched.body.records.map((r) => [r.key, r.value])).toEqual([
        ["k\uFFFD", { text: "a\uFFFDb" }],
      ]);
    });
  });
}
