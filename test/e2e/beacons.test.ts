// Activity beacons from a real page: headless Chromium loads /v1/track.js from wrangler dev,
// tracks events, and they land in the topic enriched with user agent and origin (a development
// run has no real edge, so no made-up location); a page on an origin the topic does not allow is
// refused; a page on a plain-http staging host (not a secure context) sends too.
import type { Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, uniqueTopic } from "../support/api.js";
import { hasChromium, launchChromium, servePages } from "../support/browser.js";
import { eventually } from "../support/eventually.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const server = wranglerDevForFile("edgelog-beacons-");
let browser: Browser;
const pages: Server[] = [];

/** A host name that is neither localhost nor an IP: its plain-http pages are insecure contexts. */
const STAGING_HOST = "staging.test";

/** Serves one HTML page on its own port: its own origin, named by `host`. */
async function servePage(html: string, host?: string): Promise<string> {
  const page = await servePages({ "/": ["text/html", html] }, undefined, host);
  pages.push(page.server);
  return page.origin;
}

beforeAll(async () => {
  if (!hasChromium) return;
  browser = await launchChromium([`--host-resolver-rules=MAP ${STAGING_HOST} 127.0.0.1`]);
});

afterAll(async () => {
  await browser?.close();
  for (const page of pages) page.close();
});

describe.skipIf(!hasChromium)("activity beacons in a browser", () => {
  it("tracks events from a page on an allowed origin, and refuses another origin", async () => {
    const dev = server.current();
    const api = new Api(fetch, dev.base);
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const html = (key: string) =>
      `<!doctype html><title>shop</title>
       <script src="${dev.base}/v1/track.js" data-topic="${topic}" data-key="${key}"></script>`;
    // The key is needed in the page before the origin is known: set a placeholder config first.
    const first = await api.request<{ publishableKey: string }>(
      "PUT",
      `/v1/topics/${topic}/track`,
      {
        origins: ["http://127.0.0.1:1"],
      },
    );
    const key = first.body.publishableKey;
    const allowed = await servePage(html(key));
    const denied = await servePage(html(key));
    await api.request("PUT", `/v1/topics/${topic}/track`, { origins: [allowed] });

    const page = await browser.newPage();
    await page.goto(allowed);
    await page.evaluate(() => {
      const w = window as unknown as {
        edgelog: { track(n: string, p: object): void; flush(): void };
      };
      w.edgelog.track("page_view", { path: "/" });
      w.edgelog.track("add_to_cart", { sku: "A-1" });
      w.edgelog.flush();
    });
    const records = await eventually("the beacon's events in the topic", async () => {
      const all = await api.fetchAll(topic, 0);
      return all.length >= 2 ? all : undefined;
    });
    expect(records.map((r) => (r.value as { name: string }).name)).toEqual([
      "page_view",
      "add_to_cart",
    ]);
    expect(records[0]?.headers).toMatchObject({ origin: allowed });
    // wrangler dev has no edge: miniflare's made-up request.cf (US, Austin, DFW) is left out.
    for (const field of ["country", "city", "region", "colo", "asn", "timezone"]) {
      expect(records[0]?.headers, field).not.toHaveProperty(field);
    }
    expect(records[0]?.headers["user-agent"]).toContain("Chrome");
    expect(typeof records[0]?.key).toBe("string"); // the visitor's anonymous id

    const other = await browser.newPage();
    await other.goto(denied);
    const outcome = await other.evaluate(async (url) => {
      try {
        await fetch(url, {
          method: "POST",
          body: JSON.stringify({ name: "x" }),
          headers: { "content-type": "text/plain" },
        });
        return "readable";
      } catch {
        return "blocked by CORS";
      }
    }, `${dev.base}/v1/track/${topic}?key=${key}`);
    expect(outcome).toBe("blocked by CORS");
    await other.evaluate(() => {
      const w = window as unknown as {
        edgelog: { track(n: string, p: object): void; flush(): void };
      };
      w.edgelog.track("sneaky", {});
      w.edgelog.flush();
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // a refused beacon leaves no trace to await
    expect((await api.fetchAll(topic, 0)).map((r) => (r.value as { name: string }).name)).toEqual([
      "page_view",
      "add_to_cart",
    ]);
  });
});

describe.skipIf(!hasChromium)("activity beacons from a plain-http staging host", () => {
  it("sends events from a page that is not a secure context (no crypto.randomUUID)", async () => {
    const dev = server.current();
    const api = new Api(fetch, dev.base);
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const placeholder = await api.request<{ publishableKey: string }>(
      "PUT",
      `/v1/topics/${topic}/track`,
      { origins: ["http://127.0.0.1:1"] },
    );
    const key = placeholder.body.publishableKey;
    const staging = await servePage(
      `<!doctype html><title>staging shop</title>
       <script src="${dev.base}/v1/track.js" data-topic="${topic}" data-key="${key}"></script>`,
      STAGING_HOST,
    );
    await api.request("PUT", `/v1/topics/${topic}/track`, { origins: [staging] });

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(staging);
    expect(await page.evaluate(() => [window.isSecureContext, "randomUUID" in crypto])).toEqual([
      false,
      false,
    ]);
    await page.evaluate(() => {
      const w = window as unknown as {
        edgelog: { track(n: string, p: object): void; flush(): void };
      };
      w.edgelog.track("page_view", { path: "/" });
      w.edgelog.track("signup", { plan: "free" });
      w.edgelog.flush();
    });
    const records = await eventually("the staging page's events in the topic", async () => {
      const all = await api.fetchAll(topic, 0);
      return all.length >= 2 ? all : undefined;
    });
    expect(errors).toEqual([]);
    expect(records.map((r) => (r.value as { name: string }).name)).toEqual(["page_view", "signup"]);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const [first, second] = records.map((r) => r.value as { id: string; anonymousId: string });
    expect(first?.id).toMatch(uuid);
    expect(second?.id).toMatch(uuid);
    expect(first?.id).not.toBe(second?.id);
    expect(first?.anonymousId).toMatch(uuid);
    expect(records[0]?.key).toBe(first?.anonymousId);
    expect(records[0]?.headers.origin).toBe(staging);
  });
});
