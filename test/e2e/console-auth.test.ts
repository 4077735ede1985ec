// The web console with auth on, in headless Chromium against a real `wrangler dev`: a page
// loaded before any token asks for one (a labelled dialog), says why a wrong one was refused
// (code and message), shows the data once given the right one, keeps it across a reload of the
// tab (sessionStorage) and not in another tab.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, uniqueTopic } from "../support/api.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import {
  type ConsoleTab,
  expectAccessible,
  openConsole,
  screenshot,
} from "../support/console-page.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

/** How long a page may take to show what it should: generous, as CI shares its cores. */
const WAIT = { timeout: 5_000 };

const ADMIN_TOKEN = "console-admin-token-0123456789";
const server = wranglerDevForFile("edgelog-console-auth-", { EDGELOG_ADMIN_TOKEN: ADMIN_TOKEN });
let browser: Browser;
const tabs: ConsoleTab[] = [];

beforeAll(async () => {
  if (hasChromium) browser = await launchChromium();
});

afterAll(async () => {
  for (const tab of tabs) await tab.context.close();
  await browser?.close();
});

/** Chromium logs each refused request (401) as a console error; nothing else may appear. */
function unexpectedErrors(tab: ConsoleTab): string[] {
  return tab.errors.filter((e) => !e.includes("status of 401"));
}

describe.skipIf(!hasChromium)("the web console with auth on", () => {
  it("asks for a token, refuses a wrong one, keeps the right one for the tab only", async () => {
    const base = server.current().base;
    const topic = uniqueTopic("secured");
    const admin = new Api(fetch, base);
    const created = await admin.request(
      "POST",
      "/v1/topics",
      { name: topic },
      {
        authorization: `Bearer ${ADMIN_TOKEN}`,
      },
    );
    expect(created.status).toBe(201);

    const tab = await openConsole(browser, base, "/console");
    tabs.push(tab);
    const { page } = tab;
    const dialog = page.getByRole("dialog", { name: "This edgelog needs a token" });
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    expect(await dialog.getByRole("alert").textContent()).toMatch(/^UNAUTHORIZED: /);
    await expectAccessible(page);
    await screenshot(page, "token-prompt");

    await dialog.getByLabel("Token").fill("elg_wrong_token");
    await dialog.getByRole("button", { name: "Use token" }).click();
    await expect
      .poll(() => dialog.getByRole("alert").textContent(), WAIT)
      .toMatch(/^UNAUTHORIZED: /);
    expect(await dialog.isVisible()).toBe(true);

    await dialog.getByLabel("Token").fill(ADMIN_TOKEN);
    await dialog.getByRole("button", { name: "Use token" }).click();
    const link = page.getByRole("link", { name: topic });
    await expect.poll(() => link.count(), WAIT).toBe(1);
    expect(await dialog.count()).toBe(0);

    // A reload keeps the tab's token; another tab (its own sessionStorage) asks again.
    await page.reload();
    await expect.poll(() => link.count(), WAIT).toBe(1);
    expect(await dialog.count()).toBe(0);
    const other = await openConsole(browser, base, `/console/topics/${topic}`);
    tabs.push(other);
    await expect
      .poll(
        () => other.page.getByRole("dialog", { name: "This edgelog needs a token" }).count(),
        WAIT,
      )
      .toBe(1);
    expect(unexpectedErrors(tab)).toEqual([]);
    expect(tab.foreign).toEqual([]);
  });
});
