// The SDK consumer's disconnect() is bounded even when the server stops answering: a start-offset
// lookup or heartbeat in flight is abandoned at once, and the final commit and leave give up
// together after the session timeout (past it the coordinator has expired the member anyway).
// Requests the test stalls are held until the consumer aborts them, as a server that never
// answers would hold them.
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { Consumer } from "../../src/client/consumer.js";
import { settlesWithin } from "../../src/client/consumer-sync.js";
import type { ConsumerOptions } from "../../src/client/consumer-types.js";
import { RETRY_DEFAULTS } from "../../src/client/retry.js";
import { Transport } from "../../src/client/transport.js";
import { uniqueTopic } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import type { ReportedError } from "../support/sdk-consumers.js";
import { api } from "../support/workerd-api.js";

const SESSION_TIMEOUT_MS = 1_500;
/** What "at once" allows: a disconnect's own requests, not a wait on the stalled ones. */
const PROMPT_MS = 3_000;

/** Requests that match are never answered; each is counted and held until its signal aborts. */
let stalls: (request: Request) => boolean = () => false;
let stalled: string[] = [];

function hold(request: Request): Promise<Response> {
  stalled.push(`${request.method} ${new URL(request.url).pathname}`);
  return new Promise((_, reject) => {
    const signal = request.signal;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

const transport = new Transport({
  url: "http://edgelog.test",
  fetch: (request) => (stalls(request) ? hold(request) : exports.default.fetch(request)),
});

const errors: ReportedError[] = [];
function consumer(options: ConsumerOptions): Consumer {
  return new Consumer(transport, RETRY_DEFAULTS, {
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    maxWaitMs: 200,
    onError: (error, context) => errors.push({ error, context }),
    ...options,
  });
}

afterEach(() => {
  stalls = () => false;
  stalled = [];
  errors.length = 0;
});

const route = (method: string, pattern: RegExp) => (request: Request) =>
  request.method === method && pattern.test(new URL(request.url).pathname);

async function members(groupId: string): Promise<unknown[]> {
  const answer = await api.request<{ members: unknown[] }>("GET", `/v1/groups/${groupId}`);
  return answer.body.members;
}

async function timed(work: Promise<void>, limitMs: number): Promise<number> {
  const started = Date.now();
  expect(await settlesWithin(work, limitMs)).toBe(true);
  return Date.now() - started;
}

describe("SDK consumer disconnect()", () => {
  it("does not wait on a start-offset lookup the server never answers", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const groupId = uniqueTopic("g");
    stalls = route("GET", new RegExp(`^/v1/groups/${groupId}/offsets$`));
    const member = consumer({ groupId });
    member.subscribe({ topics: [topic] });
    await member.run({ eachMessage: async () => undefined });
    await eventually("the start-offset lookup to stall", async () =>
      stalled.length > 0 ? true : undefined,
    );
    await timed(member.disconnect(), PROMPT_MS);
    // The leave went through: the partition is free for others at once.
    expect(await members(groupId)).toEqual([]);
  });

  it("does not wait on a heartbeat the server never answers", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const groupId = uniqueTopic("g");
    const member = consumer({ groupId });
    member.subscribe({ topics: [topic] });
    await member.run({ eachMessage: async () => undefined });
    stalls = route("POST", /\/heartbeat$/);
    await eventually("a heartbeat to stall", async () => (stalled.length > 0 ? true : undefined));
    await timed(member.disconnect(), PROMPT_MS);
    expect(await members(groupId)).toEqual([]);
  });

  it("gives up on a commit and a leave the server never answers after the session timeout", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const groupId = uniqueTopic("g");
    // Commits never answer: the background one after the record, then disconnect's own.
    stalls = (request) =>
      route("POST", /\/offsets$/)(request) || route("DELETE", /\/members\//)(request);
    const member = consumer({ groupId, fromBeginning: true });
    member.subscribe({ topics: [topic] });
    const seen: unknown[] = [];
    await member.run({ eachMessage: async ({ message }) => void seen.push(message.value) });
    await api.produce(topic, [{ value: "processed, never committed" }]);
    await eventually("the record's commit to stall", async () =>
      seen.length > 0 && stalled.length > 0 ? true : undefined,
    );
    const elapsedMs = await timed(member.disconnect(), SESSION_TIMEOUT_MS + PROMPT_MS);
    // One deadline for both: the stalled commit used it up, so the leave was not sent (by then
    // the coordinator expires the member anyway). Both are reported; the abandoned background
    // commit is not.
    expect(elapsedMs).toBeGreaterThanOrEqual(SESSION_TIMEOUT_MS - 100);
    expect(new Set(stalled)).toEqual(new Set([`POST /v1/groups/${groupId}/offsets`]));
    expect(errors.map((e) => (e.context as { operation: string }).operation)).toEqual([
      "commit",
      "leave",
    ]);
  });
});
