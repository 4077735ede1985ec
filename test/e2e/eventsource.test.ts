// The README's browser EventSource example, run verbatim (only the port changes) in headless
// Chromium from a page on http://localhost:<port> against a development wrangler dev with
// EDGELOG_CORS_ORIGINS unset: loopback pages may read the API by default in development, so the
// stream opens and a record produced after it opened arrives.
import type { Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api } from "../support/api.js";
import { hasChromium, launchChromium, servePages } from "../support/browser.js";
import { eventually } from "../support/eventually.js";
import { readmeCommands } from "../support/readme.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const server = wranglerDevForFile("edgelog-eventsource-");
let browser: Browser;
const pages: Server[] = [];

beforeAll(async () => {
  if (hasChromium) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const page of pages) page.close();
});

describe.skipIf(!hasChromium)("the README's EventSource example", () => {
  it("streams records to a page on localhost in a development run", async () => {
    const dev = server.current();
    const api = new Api(fetch, dev.base);
    expect((await api.createTopic("orders")).status).toBe(201);
    const served = await servePages(
      { "/": ["text/html", "<!doctype html><title>dev app</title>"] },
      undefined,
      "localhost",
    );
    pages.push(served.server);
    const [example] = readmeCommands("eventsource", "js");
    const script = (example as string).replaceAll("localhost:8787", `127.0.0.1:${dev.port}`);

    const page = await browser.newPage();
    const logged: unknown[] = [];
    page.on("console", (message) => {
      for (const arg of message.args()) arg.jsonValue().then((value) => logged.push(value));
    });
    await page.goto(served.origin);
    expect(new URL(page.url()).hostname).toBe("localhost");
    await page.addScriptTag({ content: script });
    // OPEN (1) once the stream's answer may be read; a CORS refusal ends it at CLOSED (2).
    await page.waitForFunction("es.readyState !== EventSource.CONNECTING", undefined, {
      timeout: 15_000,
    });
    expect(await page.evaluate("es.readyState")).toBe(1);

    await api.produce("orders", [{ key: "customer-42", value: { item: "book" }, partition: 0 }]);
    const received = await eventually("the record logged by the page", async () =>
      logged.length > 0 ? logged : undefined,
    );
    expect(received).toEqual([
      [expect.objectContaining({ offset: 0, key: "customer-42", value: { item: "book" } })],
    ]);
  });
});
