// The web console's files with auth on: every page and asset is served without a token (they
// hold no data; the pages ask for a token and send it with their API calls), same-origin only by
// their Content-Security-Policy, while the API they call still refuses a request without one.
import { describe, expect, it } from "vitest";
import { api } from "../support/workerd-api.js";

const PAGES: Array<[string, string]> = [
  ["/console", "overview"],
  ["/console/topics/orders", "topic"],
  ["/console/topics/orders/partitions/0?offset=12", "partition"],
  ["/console/groups/billing", "group"],
  ["/console/share-groups", "share-groups"],
  ["/console/share-groups/workers", "share-group"],
];

describe("the console's files", () => {
  it("serves each view's page, naming its script, without a token", async () => {
    for (const [path, page] of PAGES) {
      const answer = await api.raw("GET", path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(answer.headers.get("content-security-policy")).toContain("connect-src 'self'");
      const html = await answer.text();
      expect(html).toContain(`<script type="module" src="/console/assets/${page}.js"></script>`);
      expect(html).toContain(
        '<link rel="icon" type="image/svg+xml" href="/console/assets/favicon.svg">',
      );
    }
  });

  it("serves the bundled scripts (uPlot inside), the stylesheet and the favicon", async () => {
    const types: Record<string, string> = {
      "overview.js": "text/javascript; charset=utf-8",
      "topic.js": "text/javascript; charset=utf-8",
      "partition.js": "text/javascript; charset=utf-8",
      "group.js": "text/javascript; charset=utf-8",
      "share-groups.js": "text/javascript; charset=utf-8",
      "share-group.js": "text/javascript; charset=utf-8",
      "console.css": "text/css; charset=utf-8",
      "favicon.svg": "image/svg+xml; charset=utf-8",
    };
    for (const [file, type] of Object.entries(types)) {
      const answer = await api.raw("GET", `/console/assets/${file}`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers.get("content-type"), file).toBe(type);
      expect((await answer.text()).length, file).toBeGreaterThan(100);
    }
    // uPlot's own class names: the chart library is in the topic page's bundle and its CSS.
    expect(await (await api.raw("GET", "/console/assets/topic.js")).text()).toContain("uplot");
    expect(await (await api.raw("GET", "/console/assets/console.css")).text()).toContain(".uplot");
  });

  it("answers NOT_FOUND for an unknown asset and METHOD_NOT_ALLOWED for a write", async () => {
    const missing = await api.request<{ error: { code: string } }>(
      "GET",
      "/console/assets/nope.js",
    );
    expect([missing.status, missing.body.error.code]).toEqual([404, "NOT_FOUND"]);
    const write = await api.request<{ error: { code: string } }>("POST", "/console/topics/orders");
    expect([write.status, write.body.error.code]).toEqual([405, "METHOD_NOT_ALLOWED"]);
  });

  it("leaves the API behind authentication", async () => {
    const answer = await api.request<{ error: { code: string } }>("GET", "/v1/topics");
    expect([answer.status, answer.body.error.code]).toEqual([401, "UNAUTHORIZED"]);
  });
});
