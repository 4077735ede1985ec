// The SDK in a real browser page on another origin than edgelog (headless Chromium against
// wrangler dev with auth on and the page's origin in EDGELOG_CORS_ORIGINS): a bundled
// `import { Edgelog } from "edgelog"` produces, reads, describes and tails with a bearer token,
// and a page on an unlisted origin cannot read answers.
import type { Server } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, servePages } from "../support/browser.js";
import { freePort, wranglerDevForFile } from "../support/wrangler-dev.js";

const ADMIN_TOKEN = "browser-admin-token-0123456789";
const pagePort = await freePort();
const dev = wranglerDevForFile("edgelog-browser-sdk-", {
  EDGELOG_ADMIN_TOKEN: ADMIN_TOKEN,
  EDGELOG_CORS_ORIGINS: `http://127.0.0.1:${pagePort}`,
});
let browser: Browser;
const servers: Server[] = [];

/** The SDK as a web app's bundler would ship it: one ES module for browsers. */
async function bundledSdk(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, "..", "..", "src", "client", "index.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
  });
  return result.outputFiles[0]?.text ?? "";
}

async function serveApp(port?: number): Promise<string> {
  const html = `<!doctype html><title>app</title>
    <script type="module">import { Edgelog } from "/edgelog.js"; window.Edgelog = Edgelog;</script>`;
  const files = {
    "/": ["text/html", html] as [string, string],
    "/edgelog.js": ["text/javascript", await bundledSdk()] as [string, string],
  };
  const page = await servePages(files, port);
  servers.push(page.server);
  return page.origin;
}

beforeAll(async () => {
  if (hasChromium) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) server.close();
});

describe.skipIf(!hasChromium)("the SDK in a browser", () => {
  it("produces, reads, describes and tails from a page on a listed origin", async () => {
    const page = await browser.newPage();
    await page.goto(await serveApp(pagePort));
    await page.waitForFunction(() => "Edgelog" in window);
    const outcome = await page.evaluate(
      async ({ url, token }) => {
        type Sdk = typeof import("../../src/client/index.js");
        const { Edgelog } = window as unknown as { Edgelog: Sdk["Edgelog"] };
        const edgelog = new Edgelog({ url, token });
        await edgelog.admin().createTopic({ name: "clicks", partitions: 2 });
        const producer = edgelog.producer();
        const sent = await producer.send({
          topic: "clicks",
          messages: [
            { key: "visitor-1", value: { button: "buy" } },
            { key: "visitor-1", value: { button: "back" } },
          ],
        });
        await producer.disconnect();
        const partition = sent[0]?.partition ?? 0;
        const page = await edgelog.read({ topic: "clicks", partition, offset: 0 });
        const described = await edgelog.admin().describeTopic("clicks");
        const stop = new AbortController();
        const tailed: unknown[] = [];
        const tail = (async () => {
          const pages = edgelog.tail({
            topic: "clicks",
            partition,
            offset: 2,
            signal: stop.signal,
          });
          for await (const next of pages) {
            tailed.push(...next.records.map((r) => r.value));
            stop.abort();
          }
        })();
        await edgelog.producer().send({
          topic: "clicks",
          messages: [{ key: "visitor-1", value: { button: "live" } }],
        });
        await tail;
        let refused = "";
        try {
          await new Edgelog({ url }).admin().listTopics();
        } catch (err) {
          refused = (err as { code: string }).code;
        }
        return {
          offsets: sent.map((m) => m.offset),
          read: page.records.map((r) => [r.key, r.value]),
          partitions: described.partitions.length,
          tailed,
          refused,
        };
      },
      { url: dev.current().base, token: ADMIN_TOKEN },
    );
    expect(outcome).toEqual({
      offsets: [0, 1],
      read: [
        ["visitor-1", { button: "buy" }],
        ["visitor-1", { button: "back" }],
      ],
      partitions: 2,
      tailed: [{ button: "live" }],
      // An error answer is readable cross-origin too: the page learns the code.
      refused: "UNAUTHORIZED",
    });
  });

  it("cannot read answers from a page on an origin that is not listed", async () => {
    const page = await browser.newPage();
    await page.goto(await serveApp());
    await page.waitForFunction(() => "Edgelog" in window);
    const code = await page.evaluate(
      async ({ url, token }) => {
        type Sdk = typeof import("../../src/client/index.js");
        const { Edgelog } = window as unknown as { Edgelog: Sdk["Edgelog"] };
        const edgelog = new Edgelog({ url, token, retry: { retries: 0 } });
        try {
          await edgelog.admin().listTopics();
          return "readable";
        } catch (err) {
          return (err as { code: string }).code;
        }
      },
      { url: dev.current().base, token: ADMIN_TOKEN },
    );
    // fetch fails as a network error: to the SDK, an unreachable server.
    expect(code).toBe("UNAVAILABLE");
  });
});
