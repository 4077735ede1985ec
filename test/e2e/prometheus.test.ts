// GET /metrics against a real `wrangler dev` and the real Prometheus tools (Debian's prometheus
// package): the exposition passes `promtool check metrics`, and a Prometheus started on a
// loopback port scrapes edgelog and answers a query for a lagging group's lag. The checked
// exposition includes a share group's and a push subscription's series.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Api } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { readmeCommands } from "../support/readme.js";
import { freePort, wranglerDevForFile } from "../support/wrangler-dev.js";

const server = wranglerDevForFile("edgelog-prometheus-");
const hasPrometheus = spawnSync("promtool", ["--version"]).status === 0;
const cleanups: Array<() => void> = [];

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** A topic with records and a group that committed only the first of them. */
async function lagging(api: Api): Promise<void> {
  expect((await api.createTopic("orders", { partitions: 2 })).status).toBe(201);
  const records = Array.from({ length: 5 }, (_, i) => ({ value: { i }, partition: i % 2 }));
  expect((await api.produce("orders", records)).status).toBe(200);
  await api.fetchAll("orders", 0);
  const commit = await api.request("POST", "/v1/groups/billing/offsets", {
    offsets: [{ topic: "orders", partition: 0, offset: 1 }],
  });
  expect(commit.status).toBe(200);
}

describe.skipIf(!hasPrometheus)("Prometheus", () => {
  it("passes promtool check metrics", async () => {
    const dev = server.current();
    const api = new Api(fetch, dev.base);
    await lagging(api);
    const share = await api.request("PUT", "/v1/share-groups/workers", {
      topics: ["orders"],
      startAt: "earliest",
    });
    expect(share.status).toBe(201);
    // From the latest offset: nothing to deliver, so nothing is sent to the unused port.
    const subscription = await api.request("PUT", "/v1/topics/orders/subscriptions/hook", {
      url: `http://127.0.0.1:${await freePort()}/hook`,
    });
    expect(subscription.status).toBe(201);
    const text = await (await fetch(`${dev.base}/metrics`)).text();
    expect(text).toContain(
      'edgelog_group_lag_records{group="billing",topic="orders",partition="0"} 2',
    );
    expect(text).toContain(
      'edgelog_share_group_lag_records{group="workers",topic="orders",partition="0"} 3',
    );
    expect(text).toContain(
      'edgelog_subscription_dead_lettered_records_total{topic="orders",subscription="hook"} 0',
    );
    const check = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("accepts the README's alert rules (promtool check rules), each on a series edgelog exposes", async () => {
    const [rules] = readmeCommands("alert-rules", "yaml");
    expect(rules).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "edgelog-rules-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "edgelog-rules.yml");
    writeFileSync(file, rules as string);
    const check = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const text = await (await fetch(`${server.current().base}/metrics`)).text();
    const names = new Set((rules as string).match(/edgelog_[a-z_]+/g));
    expect(names.size).toBeGreaterThan(0);
    for (const name of names) expect(text).toContain(`# TYPE ${name} `);
  });

  it("is scraped by a real Prometheus whose query API returns a lagging group's lag", async () => {
    const dev = server.current();
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "edgelog-prometheus-data-"));
    const config = join(dir, "prometheus.yml");
    writeFileSync(
      config,
      [
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: edgelog",
        "    metrics_path: /metrics",
        "    static_configs:",
        `      - targets: ["127.0.0.1:${dev.port}"]`,
        "",
      ].join("\n"),
    );
    const prometheus: ChildProcess = spawn(
      "prometheus",
      [
        `--config.file=${config}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
      ],
      { stdio: "ignore" },
    );
    cleanups.push(() => {
      prometheus.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    });
    const query = encodeURIComponent('edgelog_group_lag_records{group="billing",topic="orders"}');
    const result = await eventually(
      "Prometheus to have scraped the group's lag",
      async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${query}`);
        const body = (await answer.json()) as {
          data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
        };
        return body.data.result.length === 2 ? body.data.result : undefined;
      },
      30_000,
    );
    const lag = Object.fromEntries(result.map((r) => [r.metric.partition, Number(r.value[1])]));
    expect(lag).toEqual({ "0": 2, "1": 2 });
    expect(result[0]?.metric.job).toBe("edgelog");
  });
});
