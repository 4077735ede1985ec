// The web console in headless Chromium against a real `wrangler dev` (auth off): each page loads
// with no console errors and nothing fetched from another origin, shows live data (a topic's
// offsets, a produced record, a group's lag, a windowed query's rows and chart), reloads to the
// same view from its URL, and passes axe-core with no serious or critical violation; the message
// browser's live tail shows a record produced after the page opened; a group's offsets reset runs
// as a dry run first; share groups show their partitions' counts and lag, a topic's subscriptions
// their partitions and a working pause/resume. Screenshots of
// each page land in test/e2e/screenshots/ (git-ignored).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, uniqueTopic } from "../support/api.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import {
  type ConsoleTab,
  expectAccessible,
  expectClean,
  openConsole,
  screenshot,
} from "../support/console-page.js";
import { TestMember } from "../support/groups.js";
import { runReadmeScript } from "../support/readme.js";
import { freePort, wranglerDevForFile } from "../support/wrangler-dev.js";

/** How long a page may take to show what it should: generous, as CI shares its cores. */
const WAIT = { timeout: 5_000 };
/** Longer, for what comes only with a second refresh (5 s on) or lag sample. */
const LONG_WAIT = { timeout: 10_000 };

// Lag sampled every second (the least allowed): the group's chart has samples within the file.
const server = wranglerDevForFile("edgelog-console-", { EDGELOG_METRICS_SAMPLE_MS: "1000" });
let browser: Browser;
const tabs: ConsoleTab[] = [];
const topic = uniqueTopic("console");
const group = `${topic}-readers`;
let member: TestMember;

function api(): Api {
  return new Api(fetch, server.current().base);
}

async function open(path: string): Promise<ConsoleTab> {
  const tab = await openConsole(browser, server.current().base, path);
  tabs.push(tab);
  return tab;
}

beforeAll(async () => {
  if (!hasChromium) return;
  browser = await launchChromium();
  // Two partitions, two replicas; three records on partition 0 (one JSON, keyed, with a header).
  expect((await api().createTopic(topic, { partitions: 2, replicationFactor: 2 })).status).toBe(
    201,
  );
  const produced = await api().produce(topic, [
    {
      partition: 0,
      key: "order-1",
      value: { item: "tea", quantity: 2 },
      headers: { source: "web" },
    },
    { partition: 0, key: "order-2", value: "plain text" },
    { partition: 0, key: "order-3", value: { item: "cake", quantity: 1 } },
  ]);
  expect(produced.status).toBe(200);
  // A group with a member that committed offset 1 on partition 0: a lag of 2 there.
  member = new TestMember(api(), group, "reader");
  // A session that outlasts the file's tests: the member stays until it leaves.
  expect((await member.join({ topics: [topic], sessionTimeoutMs: 120_000 })).status).toBe(201);
  // Its heartbeat reports the assignment as taken: the group is Stable.
  expect((await member.heartbeat()).status).toBe(200);
  const commit = await api().request("POST", `/v1/groups/${group}/offsets`, {
    memberId: member.memberId,
    memberEpoch: member.memberEpoch,
    offsets: [{ topic, partition: 0, offset: 1 }],
  });
  expect(commit.status).toBe(200);
});

afterAll(async () => {
  for (const tab of tabs) await tab.context.close();
  await browser?.close();
});

describe.skipIf(!hasChromium)("the web console", () => {
  it("overview: lists the topic and the group with its lag; reloads to the same view", async () => {
    const tab = await open("/console");
    const { page } = tab;
    const topicRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: topic }) });
    await expect.poll(() => topicRow.first().textContent(), WAIT).toContain(topic);
    const cells = await topicRow.first().getByRole("cell").allTextContents();
    expect(cells.slice(1, 4)).toEqual(["2", "2", "0"]);
    const groupRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: group }) });
    // Partition 0: 3 − 1; partition 1 (never committed, empty): 0.
    await expect
      .poll(() => groupRow.first().getByRole("cell").allTextContents(), WAIT)
      .toEqual([group, "Stable", "1", "2"]);
    await page.reload();
    await expect
      .poll(() => groupRow.first().getByRole("cell").last().textContent(), WAIT)
      .toBe("2");
    expect(await page.title()).toBe("Overview · edgelog console");
    // Records/s appears once a second refresh (5 s on) gives the high watermarks a time span.
    await expect
      .poll(() => topicRow.first().getByRole("cell").nth(4).textContent(), LONG_WAIT)
      .toMatch(/^\d/);
    await expectAccessible(page);
    await screenshot(page, "overview");
    expectClean(tab);
  });

  it("topic: shows each partition's offsets and the activity chart", async () => {
    const tab = await open(`/console/topics/${topic}`);
    const { page } = tab;
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "Partition 0" }) });
    // Log start 0, high watermark 3, log end 3.
    await expect
      .poll(() => row.getByRole("cell").allTextContents(), WAIT)
      .toEqual([
        "Partition 0",
        expect.any(String),
        expect.any(String),
        expect.any(String),
        expect.any(String),
        "0",
        "3",
        "3",
        expect.stringMatching(/ B$/),
      ]);
    // The chart (uPlot's canvas) and its summary: the three records produced in the last hour.
    const chart = page.getByRole("figure", { name: "Records per second in and out, per minute" });
    await expect.poll(() => chart.locator(".uplot canvas").count(), WAIT).toBeGreaterThan(0);
    await expect
      .poll(() => chart.getByText(/records in and/).textContent(), WAIT)
      .toBe("3 records in and 0 out over the last 60 minutes.");
    await page.reload();
    await expect.poll(() => row.getByRole("cell").nth(6).textContent(), WAIT).toBe("3");
    expect(page.url()).toBe(`${server.current().base}/console/topics/${topic}`);
    await expectAccessible(page);
    await screenshot(page, "topic");
    expectClean(tab);
  });

  it("partition: browses records from an offset in the URL, filters, and tails live", async () => {
    const tab = await open(`/console/topics/${topic}/partitions/0?offset=1`);
    const { page } = tab;
    const rows = page.getByRole("table", { name: /Records of/ }).locator("tbody tr");
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    expect(await rows.first().getByRole("cell").first().textContent()).toBe("1");
    await page.reload();
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    expect(new URL(page.url()).search).toBe("?offset=1");
    // Jumping to an offset puts it in the URL; the JSON value is pretty-printed.
    await page.getByLabel("Offset", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Go to offset" }).click();
    await expect.poll(() => rows.count(), WAIT).toBe(3);
    expect(new URL(page.url()).search).toBe("?offset=0");
    const first = await rows.first().getByRole("cell").allTextContents();
    expect(first[2]).toBe("order-1");
    expect(first[3]).toBe("source: web");
    expect(first[4]).toBe(JSON.stringify({ item: "tea", quantity: 2 }, null, 2));
    await page.getByLabel("Filter by key or text").fill("cake");
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await page.getByLabel("Filter by key or text").fill("");
    // A time before every record jumps to the first one; Newest to the last page.
    await page.getByLabel("Offset", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Go to offset" }).click();
    await expect.poll(() => new URL(page.url()).search, WAIT).toBe("?offset=2");
    await page.getByLabel("Time (UTC)").fill("2020-01-01T00:00:00");
    await page.getByRole("button", { name: "Go to time" }).click();
    await expect.poll(() => new URL(page.url()).search, WAIT).toBe("?offset=0");
    await page.getByRole("button", { name: "Newest" }).click();
    await expect.poll(() => rows.count(), WAIT).toBe(3);
    // The live tail shows a record produced after the page opened.
    await page.getByLabel("Live tail").check();
    await expect.poll(() => page.getByText("following new records live").count(), WAIT).toBe(1);
    const produced = await api().produce(topic, [
      { partition: 0, key: "late", value: { live: true } },
    ]);
    expect(produced.status).toBe(200);
    await expect.poll(() => rows.last().getByRole("cell").nth(2).textContent(), WAIT).toBe("late");
    await expectAccessible(page);
    await screenshot(page, "partition");
    await page.getByLabel("Live tail").uncheck();
    expectClean(tab);
  });

  it("group: shows members, lag and its chart; resets offsets with a dry run first", async () => {
    const tab = await open(`/console/groups/${group}`);
    const { page } = tab;
    const lagTable = page.getByRole("table", { name: "Committed offsets and lag" });
    const partition0 = lagTable.locator("tbody tr").first();
    const { highWatermark } = (await api().offsets(topic, 0)).body;
    await expect
      .poll(() => partition0.getByRole("cell").allTextContents(), WAIT)
      .toEqual([
        topic,
        "0",
        "1",
        String(highWatermark),
        String(highWatermark - 1),
        member.memberId,
      ]);
    await expect
      .poll(() => page.getByRole("table", { name: "Members" }).textContent(), WAIT)
      .toContain(member.memberId);
    // The lag chart and its summary: the coordinator's samples of this topic's lag.
    const chart = page.getByRole("figure", { name: "Lag in records per topic, last hour" });
    await expect.poll(() => chart.locator(".uplot canvas").count(), WAIT).toBeGreaterThan(0);
    await expect
      .poll(() => chart.getByText(/^Latest lag/).textContent(), LONG_WAIT)
      .toMatch(new RegExp(`^Latest lag: ${topic}: \\d records`));
    expect(await page.getByRole("button", { name: "Dry run" }).isDisabled()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, "group");
    // Once the member has left, a reset is planned (nothing written) and then executed.
    expect(await member.leave()).toBe(204);
    await page.reload();
    const dryRun = page.getByRole("button", { name: "Dry run" });
    await expect.poll(() => dryRun.isEnabled(), WAIT).toBe(true);
    const execute = page.getByRole("button", { name: "Execute reset" });
    // A plan for "latest", then a changed form: the shown plan no longer holds, so no execute.
    await page.getByLabel("Reset to").selectOption("latest");
    await dryRun.click();
    await expect.poll(() => execute.isEnabled(), WAIT).toBe(true);
    await page.getByLabel("Reset to").selectOption("earliest");
    expect(await execute.isDisabled()).toBe(true);
    await dryRun.click();
    const plan = page.getByRole("table", { name: /Dry run for/ });
    await expect
      .poll(() => plan.locator("tbody tr td:last-child").allTextContents(), WAIT)
      .toEqual(["0", "0"]);
    const committed = await api().request<{
      offsets: Array<{ partition: number; offset: number }>;
    }>("GET", `/v1/groups/${group}/offsets`);
    expect(committed.body.offsets.find((o) => o.partition === 0)?.offset).toBe(1);
    await execute.click();
    await expect.poll(() => page.getByRole("table", { name: /Written for/ }).count(), WAIT).toBe(1);
    await expect.poll(() => partition0.getByRole("cell").nth(2).textContent(), WAIT).toBe("0");
    expectClean(tab);
  });

  it("share groups: the list and a group's partitions with leased, archived and lag", async () => {
    const shareGroup = `${topic}-workers`;
    const put = await api().request("PUT", `/v1/share-groups/${shareGroup}`, {
      topics: [topic],
      startAt: "earliest",
    });
    expect(put.status).toBe(201);
    // One record leased and rejected: archived; the others available.
    const leased = await api().request<{ records: Array<Record<string, unknown>> }>(
      "POST",
      `/v1/share-groups/${shareGroup}/records`,
      { maxRecords: 1 },
    );
    expect(leased.body.records).toHaveLength(1);
    const acks = leased.body.records.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      leaseId: r.leaseId,
      type: "reject",
    }));
    const rejected = await api().request("POST", `/v1/share-groups/${shareGroup}/acks`, { acks });
    expect(rejected.status).toBe(200);
    const { highWatermark } = (await api().offsets(topic, 0)).body;

    const list = await open("/console/share-groups");
    const listRow = list.page
      .getByRole("row")
      .filter({ has: list.page.getByRole("link", { name: shareGroup }) });
    await expect
      .poll(() => listRow.getByRole("cell").allTextContents(), WAIT)
      .toEqual([shareGroup, topic, String(highWatermark - 1)]);
    await expectAccessible(list.page);
    await listRow.getByRole("link", { name: shareGroup }).click();

    const { page } = list;
    await expect.poll(() => page.title(), WAIT).toBe(`Share group ${shareGroup} · edgelog console`);
    const rows = page.getByRole("table", { name: "Share partitions" }).locator("tbody tr");
    // Topic, partition, start (past the archived offset 0), end, leased, available, archived, lag.
    await expect
      .poll(() => rows.first().getByRole("cell").allTextContents(), WAIT)
      .toEqual([
        topic,
        "0",
        "1",
        String(highWatermark),
        "0",
        String(highWatermark - 1),
        "1",
        String(highWatermark - 1),
      ]);
    await page.reload();
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    expect(page.url()).toBe(`${server.current().base}/console/share-groups/${shareGroup}`);
    await expectAccessible(page);
    await screenshot(page, "share-group");
    expectClean(list);
  });

  it("topic: shows a failing subscription's partitions, and pauses and resumes it", async () => {
    // Nothing listens on this port: every delivery fails, the attempts and last error show.
    const closed = `http://127.0.0.1:${await freePort()}/hook`;
    const put = await api().request("PUT", `/v1/topics/${topic}/subscriptions/hook`, {
      url: closed,
      startAt: "earliest",
      maxAttempts: 2,
      backoffMs: 50,
      backoffMsMax: 60_000,
    });
    expect(put.status).toBe(201);
    const tab = await open(`/console/topics/${topic}`);
    const { page } = tab;
    const article = page.getByRole("article", { name: "Subscription hook" });
    const partition0 = article
      .getByRole("table", { name: "Partitions of subscription hook" })
      .locator("tbody tr")
      .first();
    const cells = () => partition0.getByRole("cell").allTextContents();
    await expect.poll(async () => Number((await cells())[4]), LONG_WAIT).toBeGreaterThan(0);
    const [shown, delivered, , , , lastError] = await cells();
    expect([shown, delivered]).toEqual(["0", "0"]);
    expect(lastError).not.toBe("-");
    await page.getByRole("button", { name: "Pause subscription hook" }).click();
    await expect
      .poll(() => page.getByRole("button", { name: "Resume subscription hook" }).count(), WAIT)
      .toBe(1);
    const paused = await api().request<{ state: string }>(
      "GET",
      `/v1/topics/${topic}/subscriptions/hook`,
    );
    expect(paused.body.state).toBe("paused");
    await expectAccessible(page);
    await screenshot(page, "topic-subscriptions");
    await page.getByRole("button", { name: "Resume subscription hook" }).click();
    await expect
      .poll(() => page.getByRole("button", { name: "Pause subscription hook" }).count(), WAIT)
      .toBe(1);
    expect(tab.errors).toEqual([]);
    expect(tab.foreign).toEqual([]);
    // Stop its retries for the rest of the file.
    expect((await api().request("DELETE", `/v1/topics/${topic}/subscriptions/hook`)).status).toBe(
      204,
    );
  });

  it("queries: README's Stream SQL example, run verbatim, ends in its page's chart", async () => {
    const stdout = await runReadmeScript("stream-sql", server.current().port);
    expect(stdout).not.toContain('"error"');
    expect(stdout).toContain('{"columns":["URL","WINDOWSTART","VIEWS","VISITORS"],"rows":[[');
    const name = "views_per_minute";
    const tab = await open("/console/queries");
    const { page } = tab;
    const listed = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
    await expect
      .poll(() => listed.getByRole("cell").allTextContents(), WAIT)
      .toEqual([name, "table", "running", name]);
    await expectAccessible(page);
    // Its link, then the measure from the URL (a deep link, as a reload would keep).
    await listed.getByRole("link", { name }).first().click();
    await page.waitForURL(`**/console/queries/${name}`);
    await page.goto(`${page.url()}?measure=VISITORS`);
    // Partition 0: offset 3, no lag, 3 beacons in, 2 rows out, nothing late, no error, no skip.
    const progress = page.getByRole("table", { name: "Input partitions" }).locator("tbody tr");
    await expect
      .poll(() => progress.first().getByRole("cell").allTextContents(), WAIT)
      .toEqual(["0", "3", "0", "3", expect.any(String), "0", "0", "0"]);
    expect(await page.getByText("GROUP BY url").count()).toBe(1);
    const rows = page.getByRole("table", { name: "Rows" }).locator("tbody tr");
    await expect
      .poll(() => rows.allTextContents(), WAIT)
      .toContainEqual(expect.stringMatching(/^https:\/\/shop.example\/cart11/));
    const chart = page.getByRole("figure", { name: "Table rows per window start, per group" });
    await expect.poll(() => chart.locator(".uplot canvas").count(), WAIT).toBeGreaterThan(0);
    // Two URLs in one minute (two minutes if the beacons straddled a minute's end).
    expect(await chart.getByText(/^VISITORS of/).textContent()).toMatch(
      /^VISITORS of 2 groups over [12] windows?\.$/,
    );
    expect(await page.getByLabel("Measure").inputValue()).toBe("VISITORS");
    await expectAccessible(page);
    await screenshot(page, "query");
    expectClean(tab);
  });

  it("shows an API error as its code and message", async () => {
    const tab = await open("/console/topics/no-such-topic/partitions/0");
    const alert = tab.page.getByRole("alert");
    await expect.poll(() => alert.textContent(), WAIT).toMatch(/^TOPIC_NOT_FOUND \S/);
    expect(await alert.textContent()).not.toMatch(/ at |Error:/);
    // Chromium logs the refused request itself (404); the page logs nothing else.
    expect(tab.errors.filter((e) => !e.includes("status of 404"))).toEqual([]);
    expect(tab.foreign).toEqual([]);
  });

  it("serves its scripts and styles itself, and a favicon", async () => {
    const base = server.current().base;
    for (const file of ["overview.js", "group.js", "console.css", "favicon.svg"]) {
      const response = await fetch(`${base}/console/assets/${file}`);
      expect(response.status, file).toBe(200);
      const etag = response.headers.get("etag") ?? "";
      await response.body?.cancel();
      const again = await fetch(`${base}/console/assets/${file}`, {
        headers: { "if-none-match": etag },
      });
      expect(again.status, file).toBe(304);
    }
    const missing = await api().request<{ error: { code: string } }>("GET", "/console/assets/x.js");
    expect([missing.status, missing.body.error.code]).toEqual([404, "NOT_FOUND"]);
  });
});
