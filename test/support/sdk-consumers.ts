// SDK consumers against the worker under test, through its fetch as a Workers service binding
// would call it: short sessions and polls, the errors they report, the record fetches they make,
// and the group's committed offsets.
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { Consumer } from "../../src/client/consumer.js";
import type { ConsumerOptions } from "../../src/client/consumer-types.js";
import { RETRY_DEFAULTS } from "../../src/client/retry.js";
import { Transport } from "../../src/client/transport.js";
import type { GroupOffset } from "../../src/protocol/types.js";
import { eventually } from "./eventually.js";
import { api } from "./workerd-api.js";

/** Record fetches (`GET /v1/topics/:t/partitions/:p/records`) per topic: started, and in flight. */
export class RecordFetches {
  private readonly started = new Map<string, number>();
  private readonly open = new Map<string, number>();

  /** Counts the request while it is answered (the answer is fixed once it arrives). */
  async observe(request: Request, send: () => Promise<Response>): Promise<Response> {
    const topic = /^\/v1\/topics\/([^/]+)\/partitions\/\d+\/records$/.exec(
      new URL(request.url).pathname,
    )?.[1];
    if (topic === undefined || request.method !== "GET") return send();
    this.started.set(topic, this.startedFor(topic) + 1);
    this.open.set(topic, this.inFlightFor(topic) + 1);
    try {
      return await send();
    } finally {
      this.open.set(topic, this.inFlightFor(topic) - 1);
    }
  }

  startedFor(topic: string): number {
    return this.started.get(topic) ?? 0;
  }

  inFlightFor(topic: string): number {
    return this.open.get(topic) ?? 0;
  }
}

export const recordFetches = new RecordFetches();

const transport = new Transport({
  url: "http://edgelog.test",
  fetch: (request) => recordFetches.observe(request, () => exports.default.fetch(request)),
});

export interface ReportedError {
  error: unknown;
  context: unknown;
}

/** The consumers of one test file: created with short timeouts, all disconnected after each test. */
export class Consumers {
  /** What the consumers reported through `onError`, in order. */
  readonly errors: ReportedError[] = [];
  private readonly running: Consumer[] = [];

  /** Short sessions and polls so heartbeats, rebalances and stops happen within a test's time. */
  create(options: ConsumerOptions): Consumer {
    const created = new Consumer(transport, RETRY_DEFAULTS, {
      sessionTimeoutMs: 1_500,
      maxWaitMs: 200,
      onError: (error, context) => this.errors.push({ error, context }),
      ...options,
    });
    this.running.push(created);
    return created;
  }

  /** Disconnects every consumer created since the last call and forgets their errors. */
  async disconnectAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((c) => c.disconnect()));
    this.errors.length = 0;
  }
}

export async function groupOffsets(groupId: string): Promise<GroupOffset[]> {
  const { status, body } = await api.request<{ offsets: GroupOffset[] }>(
    "GET",
    `/v1/groups/${groupId}/offsets`,
  );
  expect(status).toBe(200);
  return body.offsets;
}

/** Waits until `count` items were collected. */
export function collected(what: string, items: unknown[], count: number) {
  return eventually(what, async () => (items.length >= count ? true : undefined));
}
