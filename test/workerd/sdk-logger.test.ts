// The SDK's log against the real worker: a partition taken down (fault injection) is one warn
// line per outage and a recovery line, never a stack; logLevel filters; onError takes the errors
// that stop progress; the default logger writes one line per event to the console.
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConsumerOptions } from "../../src/client/consumer-types.js";
import { Edgelog, EdgelogClientError, type LogExtra, type Logger } from "../../src/client/index.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { fault } from "../support/replication.js";
import { Consumers, collected, recordFetches } from "../support/sdk-consumers.js";
import { api } from "../support/workerd-api.js";

const consumers = new Consumers();
const errors = consumers.errors;

afterEach(async () => {
  await consumers.disconnectAll();
  vi.restoreAllMocks();
});

interface Line {
  level: keyof Logger;
  message: string;
  extra: LogExtra | undefined;
}

/** A logger that keeps what it is told. */
function capturing(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const keep = (level: keyof Logger) => (message: string, extra?: LogExtra) =>
    void lines.push({ level, message, extra });
  const logger = {
    error: keep("error"),
    warn: keep("warn"),
    info: keep("info"),
    debug: keep("debug"),
  };
  return { logger, lines };
}

/** A one-partition topic with one record, and a consumer that has read it. */
async function consuming(options: Partial<ConsumerOptions>) {
  const topic = uniqueTopic();
  await api.createTopic(topic);
  await api.produce(topic, [{ value: "before" }]);
  const seen: unknown[] = [];
  const consumer = consumers.create({ groupId: uniqueTopic("g"), fromBeginning: true, ...options });
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value) });
  await collected("the first record", seen, 1);
  return { topic, seen };
}

/** Takes the partition's only replica down until `up()`, and waits for `fetches` failed fetches. */
async function outage(topic: string, fetches: number) {
  expect((await fault(api, topic, 0, "down")).status).toBe(200);
  const before = recordFetches.startedFor(topic);
  await eventually(`${fetches} fetches while down`, async () =>
    recordFetches.startedFor(topic) >= before + fetches ? true : undefined,
  );
  return { up: async () => expect((await fault(api, topic, 0, "up")).status).toBe(200) };
}

const fetchErrors = () =>
  errors.filter((e) => (e.context as { operation: string }).operation === "fetch");

describe("SDK logger", () => {
  it("logs an outage's fetch failures as one warn line without a stack, then its recovery", async () => {
    const { logger, lines } = capturing();
    const { topic, seen } = await consuming({ logger });
    // Past one round of retries: onError heard the fetch give up at least once.
    const down = await outage(topic, 8);
    await eventually("onError to hear the fetch give up", async () =>
      fetchErrors().length > 0 ? true : undefined,
    );
    const warnings = lines.filter((l) => l.level === "warn");
    expect(warnings.map((l) => l.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^consumer: fetch ${topic}/0 failed \\(UNAVAILABLE: [^\\n]*\\), retrying in \\d+ ms$`,
        ),
      ),
    ]);
    expect(warnings[0]?.extra).toMatchObject({
      namespace: "consumer",
      operation: `fetch ${topic}/0`,
      topic,
      partition: 0,
      code: "UNAVAILABLE",
      retriable: true,
    });
    expect(warnings[0]?.extra).not.toHaveProperty("error");
    expect(fetchErrors()[0]?.error).toMatchObject({ code: "UNAVAILABLE" });

    await down.up();
    await api.produce(topic, [{ value: "after" }]);
    await collected("the record produced after the outage", seen, 2);
    const recovered = lines.filter((l) => l.level === "info");
    expect(recovered.map((l) => l.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^consumer: fetch ${topic}/0 recovered after \\d+ failures in [\\d.]+ s$`),
      ),
    ]);
    expect(lines.every((l) => !l.message.includes("\n"))).toBe(true);
  });

  it('logs errors but no warning with logLevel "error"', async () => {
    const { logger, lines } = capturing();
    const { topic } = await consuming({ logger, logLevel: "error", onError: undefined });
    const down = await outage(topic, 8);
    await down.up();
    // A refusal (non-retriable) is an error line; the outage before it was warnings only.
    expect((await api.request("DELETE", `/v1/topics/${topic}`)).status).toBe(204);
    await eventually("an error line", async () => (lines.length > 0 ? true : undefined));
    expect(lines.every((l) => l.level === "error")).toBe(true);
    expect(lines.map((l) => l.extra?.code)).toContain("TOPIC_NOT_FOUND");
  });

  it("hands a non-retriable error to onError, and logs it as an error line without onError", async () => {
    const quiet = capturing();
    const { topic } = await consuming({ logger: quiet.logger });
    const loud = capturing();
    const member = consumers.create({
      groupId: uniqueTopic("g"),
      fromBeginning: true,
      logger: loud.logger,
      onError: undefined,
    });
    await member.subscribe({ topics: [topic] });
    await member.run({ eachMessage: async () => undefined });
    expect((await api.request("DELETE", `/v1/topics/${topic}`)).status).toBe(204);

    const heard = await eventually("onError to hear TOPIC_NOT_FOUND", async () =>
      errors.find((e) => e.error instanceof EdgelogClientError && !e.error.retriable),
    );
    expect(heard.error).toMatchObject({ code: "TOPIC_NOT_FOUND" });
    expect(heard.context).toMatchObject({ operation: "fetch", topic, partition: 0 });
    // What onError took is not logged as well.
    expect(quiet.lines.filter((l) => l.level === "error")).toEqual([]);

    const logged = await eventually("an error line without onError", async () =>
      loud.lines.find((l) => l.level === "error"),
    );
    expect(logged.message).toMatch(/^consumer: \w.* failed \(TOPIC_NOT_FOUND: [^\n]*\)$/);
    expect(logged.extra).toMatchObject({ code: "TOPIC_NOT_FOUND", retriable: false });
    expect(logged.extra).not.toHaveProperty("error");
  });

  it("writes single console lines by default; a handler's TypeError at error level with its stack", async () => {
    const spies = (["error", "warn", "info", "debug", "log"] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    const [errorSpy, warnSpy] = spies;
    const calls = () => spies.flatMap((spy) => spy.mock.calls);
    const { topic } = await consuming({ onError: undefined });
    const down = await outage(topic, 8);
    await down.up();
    expect(warnSpy?.mock.calls[0]).toEqual([
      expect.stringMatching(new RegExp(`^\\[edgelog\\] warn consumer: fetch ${topic}/0 failed `)),
    ]);
    // One string argument each, one line each: no object dumps, no stacks.
    for (const call of calls()) {
      expect(call).toHaveLength(1);
      expect(call[0]).toMatch(/^\[edgelog\] (warn|info) [^\n]+$/);
    }

    const buggy = uniqueTopic();
    await api.createTopic(buggy);
    await api.produce(buggy, [{ value: "x" }]);
    const member = consumers.create({
      groupId: uniqueTopic("g"),
      fromBeginning: true,
      onError: undefined,
    });
    await member.subscribe({ topics: [buggy] });
    await member.run({
      eachMessage: async ({ message }) => void (message.value as { no: { such: 1 } }).no.such,
    });
    const line = await eventually("the handler's error line", async () => errorSpy?.mock.calls[0]);
    expect(line).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[edgelog\\] error consumer: handler on ${buggy}/0 failed \\(.+\\)\\n.*TypeError`,
          "s",
        ),
      ),
    ]);
  });

  it("logs a producer's retries once, and leaves the error that fails send() to the caller", async () => {
    const { logger, lines } = capturing();
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const edgelog = new Edgelog({
      url: "http://edgelog.test",
      fetch: (request) => exports.default.fetch(request),
      retry: { retries: 3, initialMs: 10 },
      logger,
    });
    const producer = edgelog.producer({ lingerMs: 0 });
    // The topic's partition count and the producer id are known before the outage.
    await producer.send({ topic, messages: [{ value: "first" }] });
    expect((await fault(api, topic, 0, "down")).status).toBe(200);
    try {
      const sent = producer.send({ topic, messages: [{ value: "lost" }] });
      await expect(sent).rejects.toMatchObject({ code: "UNAVAILABLE" });
    } finally {
      expect((await fault(api, topic, 0, "up")).status).toBe(200);
    }
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      [
        "warn",
        expect.stringMatching(
          new RegExp(
            `^producer: produce to ${topic}/0 failed \\(UNAVAILABLE: [^\\n]*\\), retrying in \\d+ ms$`,
          ),
        ),
      ],
    ]);
    await producer.send({ topic, messages: [{ value: "kept" }] });
    expect(lines.map((l) => l.level)).toEqual(["warn", "info"]);
    await producer.disconnect();
  });
});
