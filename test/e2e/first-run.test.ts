// The first run of a new user: `npx wrangler dev` typed in a fresh copy of the project serves
// locally as `npm start` does, and the same project run as a deployment runs (without the .env
// that only `wrangler dev` reads, and without an admin token) refuses with NOT_CONFIGURED, which
// names both fixes and which the SDK and the CLI report at once instead of retrying.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgelogClientError } from "../../src/client/errors.js";
import { Edgelog } from "../../src/client/index.js";
import { Api, type ErrorBody, uniqueTopic } from "../support/api.js";
import { buildPackage, runCli } from "../support/cli.js";
import { eventually } from "../support/eventually.js";
import { copyProject, type ProjectCopy } from "../support/project-copy.js";
import { freePort, WranglerDev } from "../support/wrangler-dev.js";

/**
 * `npx wrangler dev` in a fresh copy of the project without the files in `without`, with the
 * files in `added` (path → text) written as a user would.
 */
function userWranglerDev(without: string[], added: Record<string, string> = {}): () => WranglerDev {
  let project: ProjectCopy | undefined;
  let dev: WranglerDev | undefined;
  beforeAll(async () => {
    project = copyProject(without);
    for (const [path, text] of Object.entries(added)) writeFileSync(join(project.dir, path), text);
    dev = new WranglerDev(await freePort(), "", {}, { kind: "as-user", projectDir: project.dir });
    await dev.start();
  });
  afterAll(async () => {
    await dev?.stop();
    project?.remove();
  });
  return () => {
    if (dev === undefined) throw new Error("wrangler dev is not running");
    return dev;
  };
}

interface CountingProxy {
  url: string;
  count: () => number;
  close: () => Promise<void>;
}

/** An HTTP proxy in front of `target` that counts the requests passing through it. */
async function countingProxy(target: () => string): Promise<CountingProxy> {
  let requests = 0;
  const server: Server = createServer(async (incoming, outgoing) => {
    requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const method = incoming.method ?? "GET";
    const answer = await fetch(`${target()}${incoming.url ?? "/"}`, {
      method,
      headers: { "content-type": incoming.headers["content-type"] ?? "application/json" },
      ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
    });
    outgoing.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" });
    outgoing.end(Buffer.from(await answer.arrayBuffer()));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The error `call` rejects with, and how many requests it sent. */
async function failure(
  call: () => Promise<unknown>,
  sent: () => number,
): Promise<{ error: unknown; requests: number }> {
  const before = sent();
  const error = await call().then(
    () => undefined,
    (err: unknown) => err,
  );
  return { error, requests: sent() - before };
}

describe("`npx wrangler dev` in a fresh clone", () => {
  const dev = userWranglerDev([]);

  it("serves open with the warning, as npm start does, and the API works", async () => {
    const client = new Api((request) => fetch(request), dev().base);
    const topic = uniqueTopic("first-run");
    expect((await client.createTopic(topic)).status).toBe(201);
    const produced = await client.produce(topic, [{ key: "k", value: { n: 1 } }]);
    expect(produced.status).toBe(200);
    const records = await client.fetchAll(topic, 0);
    expect(records.map((r) => r.value)).toEqual([{ n: 1 }]);
    await eventually("the open-server warning", async () =>
      dev().log.includes("EDGELOG_ADMIN_TOKEN is not set") ? true : undefined,
    );
  });
});

describe("`npx wrangler dev` with a .dev.vars that sets neither the token nor EDGELOG_DEV", () => {
  // Wrangler reads .dev.vars instead of .env: the run is no longer marked as development.
  const dev = userWranglerDev([], { ".dev.vars": "EDGELOG_CORS_ORIGINS=http://localhost:5173\n" });

  it("refuses with the message that says what to add to .dev.vars", async () => {
    const client = new Api((request) => fetch(request), dev().base);
    const answer = await client.request<ErrorBody>("GET", "/v1/topics");
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe("NOT_CONFIGURED");
    expect(answer.body.error.message).toContain("EDGELOG_DEV=1");
    expect(answer.body.error.message).toContain(".dev.vars");
  });
});

describe("`wrangler deploy` of a fresh clone", () => {
  it("never binds EDGELOG_DEV: .env is for wrangler dev only", async () => {
    const project = copyProject();
    try {
      // --dry-run builds the upload and lists its bindings without an account.
      const { stdout, stderr } = await promisify(execFile)(
        "npx",
        ["wrangler", "deploy", "--dry-run", "--outdir", join(project.dir, ".dry-run")],
        {
          cwd: project.dir,
          env: {
            ...process.env,
            CLOUDFLARE_CF_FETCH_ENABLED: "false",
            WRANGLER_SEND_METRICS: "false",
          },
        },
      );
      const output = stdout + stderr;
      expect(output).toContain("env.EDGELOG_FAULTS");
      expect(output).not.toContain("EDGELOG_DEV");
    } finally {
      project.remove();
    }
  });
});

describe("the project run as a deployment runs: no .env, no admin token", () => {
  const dev = userWranglerDev([".env"]);
  let proxy: CountingProxy;
  beforeAll(async () => {
    proxy = await countingProxy(() => dev().base);
    buildPackage();
  }, 60_000);
  afterAll(() => proxy?.close());

  it("refuses every request with NOT_CONFIGURED, not retriable, naming both fixes", async () => {
    const client = new Api((request) => fetch(request), dev().base);
    for (const [method, path] of [
      ["GET", "/v1/topics"],
      ["POST", "/v1/producers"],
    ] as const) {
      const answer = await client.request<ErrorBody>(
        method,
        path,
        method === "POST" ? {} : undefined,
      );
      expect(answer.status).toBe(500);
      expect(answer.body.error.code).toBe("NOT_CONFIGURED");
      expect(answer.body.error.retriable).toBe(false);
      const message = answer.body.error.message;
      expect(message).toContain("wrangler secret put EDGELOG_ADMIN_TOKEN");
      expect(message).toContain(".dev.vars");
      expect(message).toContain("npm start");
    }
  });

  it("makes the SDK fail at once: one request per call, no retry", async () => {
    const edgelog = new Edgelog({ url: proxy.url });
    const calls: Array<[string, () => Promise<unknown>]> = [
      ["listTopics", () => edgelog.admin().listTopics()],
      ["read", () => edgelog.read({ topic: "t", partition: 0 })],
      ["send", () => edgelog.producer().send({ topic: "t", messages: [{ value: "v" }] })],
      [
        "run",
        async () => {
          const consumer = edgelog.consumer({ groupId: "g" });
          await consumer.subscribe({ topics: ["t"] });
          await consumer.run({ eachMessage: async () => undefined });
        },
      ],
    ];
    for (const [name, call] of calls) {
      const { error, requests } = await failure(call, proxy.count);
      expect(error, name).toBeInstanceOf(EdgelogClientError);
      expect((error as EdgelogClientError).code, name).toBe("NOT_CONFIGURED");
      expect((error as EdgelogClientError).retriable, name).toBe(false);
      expect(requests, name).toBe(1);
    }
  });

  it("makes the CLI fail at once with the message on one line", async () => {
    const before = proxy.count();
    const result = await runCli(["topics", "list"], { env: { EDGELOG_URL: proxy.url } });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^edgelog: NOT_CONFIGURED: EDGELOG_ADMIN_TOKEN is not set.*\n$/);
    expect(result.stderr).toContain("wrangler secret put EDGELOG_ADMIN_TOKEN");
    expect(proxy.count() - before).toBe(1);
  });
});
