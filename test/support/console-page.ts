// Console pages in headless Chromium for the e2e tests: every page opened with its console
// errors collected and every request to another origin refused and recorded (route
// interception), an axe-core check, and screenshots written to a git-ignored directory.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

/** Where the test run leaves a screenshot of each page (git-ignored, never committed). */
export const SCREENSHOTS_DIR = join(import.meta.dirname, "..", "e2e", "screenshots");

export interface ConsoleTab {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions the page logged. */
  errors: string[];
  /** URLs the page asked for on another origin (refused). */
  foreign: string[];
}

/** A new tab (its own context: its own sessionStorage) on the console of `base`. */
export async function openConsole(
  browser: Browser,
  base: string,
  path: string,
): Promise<ConsoleTab> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const origin = new URL(base).origin;
  const tab: ConsoleTab = { page: await context.newPage(), context, errors: [], foreign: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    tab.foreign.push(url);
    return route.abort();
  });
  tab.page.on("console", (message) => {
    if (message.type() === "error") tab.errors.push(message.text());
  });
  tab.page.on("pageerror", (error) => tab.errors.push(`uncaught: ${error.message}`));
  await tab.page.goto(`${base}${path}`);
  return tab;
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

/** A full-page screenshot as SCREENSHOTS_DIR/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** The page is clean: nothing logged as an error, nothing asked of another origin. */
export function expectClean(tab: ConsoleTab): void {
  expect(tab.errors).toEqual([]);
  expect(tab.foreign).toEqual([]);
}
