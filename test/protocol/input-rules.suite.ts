// The input rules every route shares (README, API reference): JSON numbers a double holds
// exactly, strings with a UTF-8 form, canonical integers in queries and paths, UTF-8 bodies.
// Each refusal leaves the log unchanged; each accepted canonical form still works.
import { describe, expect, it } from "vitest";
import { type Api, uniqueTopic } from "../support/api.js";
import { expectError, snapshot } from "../support/expect.js";

const post = (api: Api, topic: string, body: string, type = "application/json") =>
  api.request("POST", `/v1/topics/${topic}/records`, body, { "content-type": type });

/** Three fine records, then `value` (raw JSON text) as record 3. */
function batchWith(value: string, key = '"acct-1"'): string {
  return `{"records":[{"value":1},{"value":2},{"value":3},{"key":${key},"value":${value}}]}`;
}

export function inputRulesSuite(api: Api): void {
  describe("input rules", () => {
    async function withLog(check: (topic: string) => Promise<void>, config = {}): Promise<void> {
      const topic = uniqueTopic();
      await api.createTopic(topic, config);
      await api.produce(topic, [{ key: "acct-1", value: 100 }]);
      const before = await snapshot(api, topic);
      await check(topic);
      expect(await snapshot(api, topic)).toEqual(before);
    }

    it("refuses numbers a double cannot hold, naming the record and the path in its value", () =>
      withLog(
        async (topic) => {
          const refused: Array<[string, string]> = [
            ["1e400", "records[3].value"],
            ["-1e400", "records[3].value"],
            ['{"a":1,"b":[1e999]}', "records[3].value.b[0]"],
            ['{"x":{"deep key":[0,12345678901234567890]}}', 'records[3].value.x["deep key"][1]'],
            ["1e-400", "records[3].value"],
            ["0.1000000000000000000001", "records[3].value"],
            ["9007199254740993", "records[3].value"],
          ];
          for (const [value, path] of refused) {
            const answer = expectError(
              await post(api, topic, batchWith(value)),
              400,
              "INVALID_REQUEST",
            );
            expect(answer.error.details).toEqual({ path, index: 3 });
            expect(answer.error.message).toContain("as strings");
          }
          // Outside values too: a header is a string, but the envelope's numbers obey the rule.
          const acks = expectError(
            await post(api, topic, '{"records":[{"value":1}],"acks":1e400}'),
            400,
            "INVALID_REQUEST",
          );
          expect(acks.error.details).toEqual({ path: "acks" });
          const ndjson = '{"value":1}\n\n{"value":{"n":-1e400}}\n';
          const line = expectError(
            await post(api, topic, ndjson, "application/x-ndjson"),
            400,
            "INVALID_REQUEST",
          );
          expect(line.error.details).toEqual({ path: "records[1].value.n", index: 1 });
        },
        // The case: on a compacted topic 1e400 stored as null was a tombstone for acct-1.
        { cleanupPolicy: "compact" },
      ));

    it("keeps every number a double holds, normalising only its spelling", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const sent =
        "[1.0, 1e2, 1E+2, -0, 0.1, 0.30000000000000004, 9007199254740991, 5e-324, " +
        "1.7976931348623157e308, 123456789012345.6, 1.5e-7, 0.0000000000000000001]";
      const answer = await post(api, topic, batchWith(sent));
      expect(answer.status).toBe(200);
      const [record] = await api.fetchAll(topic, 0, 3);
      // Each comes back as the same number, in JavaScript's shortest spelling (-0 as 0).
      expect(JSON.stringify(record?.value)).toBe(
        "[1,100,100,0,0.1,0.30000000000000004,9007199254740991,5e-324,1.7976931348623157e+308,123456789012345.6,1.5e-7,1e-19]",
      );
    });

    it("refuses lone UTF-16 surrogates in keys, headers, values and names", () =>
      withLog(async (topic) => {
        const refused: Array<[unknown, string]> = [
          [{ key: "s\ud800", value: 1 }, "records[0].key"],
          [{ key: "s\udfff", value: 1 }, "records[0].key"],
          [{ value: 1, headers: { "h\ud800": "v" } }, 'records[0].headers["h\\ud800"]'],
          [{ value: 1, headers: { h: "\udc00v" } }, "records[0].headers.h"],
          [{ value: { list: ["ok", "\ud83d"] } }, "records[0].value.list[1]"],
          [{ value: { "\ud83d": true } }, 'records[0].value["\\ud83d"]'],
        ];
        for (const [record, path] of refused) {
          // JSON.stringify writes lone surrogates as \u escapes: what a client would send.
          const body = JSON.stringify({ records: [record] });
          const answer = expectError(await post(api, topic, body), 400, "INVALID_REQUEST");
          expect(answer.error.details).toEqual({ path, index: 0 });
        }
        const ndjson = `${JSON.stringify({ key: "\ud800", value: 1 })}\n`;
        const line = expectError(
          await post(api, topic, ndjson, "application/x-ndjson"),
          400,
          "INVALID_REQUEST",
        );
        expect(line.error.details).toEqual({ path: "records[0].key", index: 0 });
        const name = await api.request("POST", "/v1/topics", `{"name":"t\\ud800"}`);
        expect(expectError(name, 400, "INVALID_REQUEST").error.details).toEqual({ path: "name" });
      }));

    it("keeps escaped surrogate pairs, which are whole characters", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const body =
        '{"records":[{"key":"\\ud83d\\udd11","value":"\\uD83D\\uDE00","headers":{"h":"\\ud83d\\udd11"}}]}';
      expect((await post(api, topic, body)).status).toBe(200);
      const [record] = await api.fetchAll(topic, 0);
      expect(record).toMatchObject({ key: "🔑", value: "😀", headers: { h: "🔑" } });
    });

    it("applies the number and string rules to webhook bodies and beacon events", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const webhook = (body: string) =>
        api.request("POST", `/v1/webhooks/${topic}`, body, { "content-type": "application/json" });
      const big = expectError(await webhook('{"amount":1e400}'), 400, "INVALID_REQUEST");
      expect(big.error.details).toEqual({ path: "amount" });
      expectError(await webhook("[12345678901234567890]"), 400, "INVALID_REQUEST");
      expectError(await webhook("1e400"), 400, "INVALID_REQUEST");
      expectError(await webhook('{"who":"\\ud800"}'), 400, "INVALID_REQUEST");
      expect((await webhook('{"amount":1e2}')).status).toBe(200);
      const set = await api.request<{ publishableKey: string }>(
        "PUT",
        `/v1/topics/${topic}/track`,
        {
          origins: ["*"],
        },
      );
      const beacon = (body: string) =>
        api.request("POST", `/v1/track/${topic}?key=${set.body.publishableKey}`, body, {
          "content-type": "text/plain;charset=UTF-8",
        });
      const event = expectError(
        await beacon('[{"name":"ok"},{"name":"buy","props":{"total":-1e400}}]'),
        400,
        "INVALID_REQUEST",
      );
      expect(event.error.details).toEqual({ path: "[1].props.total" });
      expectError(await beacon(JSON.stringify({ name: "x\udfff" })), 400, "INVALID_REQUEST");
      expect((await beacon('{"name":"buy","props":{"total":12.5}}')).status).toBe(200);
      const stored = await api.fetchAll(topic, 0);
      expect(stored.map((r) => r.value)).toEqual([
        { amount: 100 },
        { name: "buy", props: { total: 12.5 } },
      ]);
    });

    it("reads integers in queries and paths in one spelling: digits, no sign, no leading zero", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic, { partitions: 2 });
      await api.produce(topic, [
        { value: "a", partition: 0 },
        { value: "b", partition: 0 },
      ]);
      const records = `/v1/topics/${topic}/partitions`;
      const refused = [
        `${records}/0/records?offset=01`,
        `${records}/0/records?offset=-0`,
        `${records}/0/records?offset=%2B1`,
        `${records}/0/records?offset=%201`,
        `${records}/0/records?offset=1.0`,
        `${records}/0/records?offset=1e0`,
        `${records}/0/records?offset=`,
        `${records}/0/records?maxRecords=01`,
        `${records}/0/records?waitMs=00`,
        `${records}/0/records?replica=00`,
        `${records}/00/records`,
        `${records}/01/records`,
        `${records}/-0/offsets`,
        `${records}/0/offsets?timestamp=01`,
      ];
      for (const path of refused)
        expectError(await api.request("GET", path), 400, "INVALID_REQUEST");
      const resume = await api.request("GET", `${records}/0/records`, undefined, {
        "last-event-id": "01",
      });
      expectError(resume, 400, "INVALID_REQUEST");
      const ndjson = (query: string) =>
        api.request("POST", `/v1/topics/${topic}/records?${query}`, '{"value":1,"partition":1}', {
          "content-type": "application/x-ndjson",
        });
      const producer = await api.request<{ id: string }>("POST", "/v1/producers", { name: topic });
      const fields = `producerId=${producer.body.id}&producerEpoch=0`;
      expectError(await ndjson(`${fields}&sequence=00`), 400, "INVALID_REQUEST");
      expectError(
        await ndjson(`producerId=${producer.body.id}&producerEpoch=00&sequence=0`),
        400,
        "INVALID_REQUEST",
      );
      // The canonical forms still work.
      const fetched = await api.request<{ records: Array<{ value: unknown }> }>(
        "GET",
        `${records}/0/records?offset=1&maxRecords=10&waitMs=0&replica=0`,
      );
      expect(fetched.status).toBe(200);
      expect(fetched.body.records.map((r) => r.value)).toEqual(["b"]);
      expect((await api.request("GET", `${records}/0/records?offset=0`)).status).toBe(200);
      expect((await api.request("GET", `${records}/1/offsets?timestamp=0`)).status).toBe(200);
      expect((await ndjson(`${fields}&sequence=0`)).status).toBe(200);
    });

    it("reads bodies as UTF-8 and refuses any other declared charset with 415", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const track = await api.request<{ publishableKey: string }>(
        "PUT",
        `/v1/topics/${topic}/track`,
        { origins: ["*"] },
      );
      const record = '{"records":[{"value":"ü"}]}';
      const records = `/v1/topics/${topic}/records`;
      const refused: Array<[string, string]> = [
        [records, "application/json; charset=utf-16"],
        [records, "application/json;charset=ISO-8859-1"],
        [records, 'application/json; charset="latin1"'],
        [records, "application/x-ndjson; charset=utf-16le"],
        [`/v1/webhooks/${topic}`, "text/plain; charset=windows-1252"],
        [`/v1/track/${topic}?key=${track.body.publishableKey}`, "text/plain; charset=utf-16"],
        ["/v1/topics", "application/json; charset=utf-32"],
        [`/v1/groups/${topic}/members`, "application/json; Charset=US-ASCII"],
      ];
      for (const [path, type] of refused) {
        const answer = await api.request("POST", path, record, { "content-type": type });
        expectError(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
      }
      expect((await api.offsets(topic, 0)).body.logEndOffset).toBe(0);
      // Every label of UTF-8, in any case, quoted or not, still works.
      const accepted = [
        "application/json; charset=utf-8",
        "application/json;charset=UTF8",
        'application/json; CHARSET="Utf-8"',
        "application/json",
      ];
      for (const type of accepted) {
        const answer = await api.request("POST", records, record, { "content-type": type });
        expect(answer.status).toBe(200);
      }
      const stored = await api.fetchAll(topic, 0);
      expect(stored.map((r) => r.value)).toEqual(accepted.map(() => "ü"));
    });

    it("holds webhook bodies and beacon events to a record value's nesting limit", async () => {
      const topic = uniqueTopic();
      await api.createTopic(topic);
      const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
      const webhook = (body: string) =>
        api.request("POST", `/v1/webhooks/${topic}`, body, { "content-type": "application/json" });
      expect((await webhook(nested(512))).status).toBe(200);
      expectError(await webhook(nested(513)), 400, "INVALID_REQUEST");
      expectError(await webhook(nested(100_000)), 400, "INVALID_REQUEST");
      const set = await api.request<{ publishableKey: string }>(
        "PUT",
        `/v1/topics/${topic}/track`,
        {
          origins: ["*"],
        },
      );
      const beacon = (props: string) =>
        api.request(
          "POST",
          `/v1/track/${topic}?key=${set.body.publishableKey}`,
          `{"name":"n","props":{"p":${props}}}`,
          {
            "content-type": "text/plain",
          },
        );
      // The event is level 1 and props level 2: 510 more levels reach 512.
      expect((await beacon(nested(510))).status).toBe(200);
      expectError(await beacon(nested(511)), 400, "INVALID_REQUEST");
      expect((await api.offsets(topic, 0)).body.logEndOffset).toBe(2);
    });
  });
}
