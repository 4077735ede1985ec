// The built `edgelog` CLI against a real `wrangler dev` with auth on: topics, 10,000 piped lines
// produced and consumed back through a group, the lag table, offset resets, tails and errors.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { startPushReceiver } from "../receiver/push-receiver.js";
import type { ReceivedDelivery } from "../receiver/receiver-types.js";
import { buildPackage, type CliResult, runCli, startCli } from "../support/cli.js";
import { eventually } from "../support/eventually.js";
import { readmeCommands } from "../support/readme.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const ADMIN_TOKEN = "cli-admin-token-0123456789";
const dev = wranglerDevForFile("edgelog-cli-", { EDGELOG_ADMIN_TOKEN: ADMIN_TOKEN });

/**
 * The CLI as the admin, addressed through EDGELOG_URL and EDGELOG_TOKEN; a command line given
 * as one string is split at spaces.
 */
function edgelog(command: string | string[], input?: string): Promise<CliResult> {
  const args = typeof command === "string" ? command.split(" ") : command;
  const env = { EDGELOG_URL: dev.current().base, EDGELOG_TOKEN: ADMIN_TOKEN };
  return runCli(args, input === undefined ? { env } : { env, input });
}

async function ok(command: string | string[], input?: string): Promise<string> {
  const result = await edgelog(command, input);
  // Nothing on stderr but a producer's summary: no error, and no warning either.
  expect(result.stderr.replace(/^produced [^\n]*\n$/, ""), String(command)).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}

/** A table's rows as objects keyed by its header line's column names. */
function rowsOf(table: string): Array<Record<string, string>> {
  const lines = table.trim().split("\n");
  const start = lines.findIndex((line) => /^[A-Z-]+(\s+[A-Z-]+)+$/.test(line));
  const headers = (lines[start] ?? "").split(/\s+/);
  return lines
    .slice(start + 1)
    .map((line) => Object.fromEntries(line.split(/\s+/).map((cell, i) => [headers[i], cell])));
}

beforeAll(buildPackage, 60_000);

describe("edgelog CLI", () => {
  it("pipes 10,000 lines in, consumes them back with a group in order per key, lag 0", async () => {
    await ok("topics create orders --partitions 3");
    const lines = Array.from({ length: 10_000 }, (_, i) => `customer-${i % 17}:order ${i}`);
    const produced = await edgelog("produce orders --key-separator :", lines.join("\n"));
    expect(produced.status).toBe(0);
    expect(produced.stderr).toMatch(
      /^produced 10,000 records to orders in [\d.]+ s \([\d,]+ records\/s\)\n$/,
    );

    const out = await ok("consume orders --group billing --from-beginning --print-key");
    const consumed = out.trimEnd().split("\n");
    expect(consumed).toHaveLength(10_000);
    expect(new Set(consumed)).toEqual(new Set(lines.map((line) => line.replace(":", "\t"))));
    // Each key lives on one partition, read in offset order: its orders come back in order.
    const lastByKey = new Map<string, number>();
    for (const line of consumed) {
      const [key, value] = line.split("\t") as [string, string];
      const n = Number(value.slice("order ".length));
      expect(n).toBeGreaterThan(lastByKey.get(key) ?? -1);
      lastByKey.set(key, n);
    }

    const described = await ok("groups describe billing");
    expect(described).toMatch(/^Group: billing {2}state=Empty/);
    const rows = rowsOf(described);
    expect(rows.map((r) => r.PARTITION)).toEqual(["0", "1", "2"]);
    for (const row of rows) {
      expect(row.LAG).toBe("0");
      expect(row.COMMITTED).toBe(row["HIGH-WATERMARK"]);
    }
    expect(rows.reduce((sum, r) => sum + Number(r.COMMITTED), 0)).toBe(10_000);
    const json = JSON.parse(await ok("groups describe billing --json"));
    expect(json.offsets.map((o: { lag: number }) => o.lag)).toEqual([0, 0, 0]);
    expect(rowsOf(await ok("groups list"))).toContainEqual({
      GROUP: "billing",
      STATE: "Empty",
      MEMBERS: "0",
    });

    // The group resumes where it stopped: nothing is left to print.
    expect(await ok("consume orders --group billing")).toBe("");
  });

  it("runs the README's CLI example verbatim", async () => {
    const [script] = readmeCommands("cli");
    const env = { ...process.env, EDGELOG_URL: dev.current().base, EDGELOG_TOKEN: ADMIN_TOKEN };
    const { stdout } = await promisify(execFile)("bash", ["-eo", "pipefail", "-c", script ?? ""], {
      env,
    });
    expect(stdout).toContain("created topic clicks");
    const rows = rowsOf(stdout.slice(stdout.indexOf("Group: stats")));
    expect(rows.map((r) => r.LAG)).toEqual(["0", "0", "0"]);
    expect(rows.reduce((sum, r) => sum + Number(r.COMMITTED), 0)).toBe(10_000);
  });

  it("creates, lists, describes, alters and deletes topics", async () => {
    const created = await ok(
      "topics create audit --partitions 2 --cleanup-policy compact --retention-ms 3600000",
    );
    expect(created).toContain("created topic audit");
    expect(created).toContain("cleanupPolicy=compact retentionMs=3600000");
    expect(rowsOf(await ok("topics list"))).toContainEqual({
      TOPIC: "audit",
      PARTITIONS: "2",
      REPLICATION: "1",
      CLEANUP: "compact",
    });
    const altered = await ok("topics alter audit --partitions 4 --retention-ms none");
    expect(altered).not.toContain("retentionMs");
    expect(rowsOf(altered).map((r) => r.PARTITION)).toEqual(["0", "1", "2", "3"]);
    const described = JSON.parse(await ok("topics describe audit --json"));
    expect(described.partitions).toHaveLength(4);
    expect(await ok("topics delete audit")).toBe("deleted topic audit\n");
    const gone = await edgelog("topics describe audit");
    expect(gone.status).toBe(1);
    expect(gone.stderr).toMatch(/^edgelog: TOPIC_NOT_FOUND: [^\n]+\n$/);
  });

  it("creates, lists, describes, pauses, resumes and deletes a push subscription", async () => {
    const receiver = await startPushReceiver();
    try {
      const deliveries = async (): Promise<ReceivedDelivery[]> =>
        (
          (await (await fetch(`${receiver.url}/control/cli`)).json()) as {
            deliveries: ReceivedDelivery[];
          }
        ).deliveries;
      await ok("topics create hooks");
      const created = await ok([
        "subscriptions",
        "create",
        "hooks",
        "to-receiver",
        "--endpoint",
        `${receiver.url}/r/cli`,
        "--secret",
        "whsec_cli",
        "--batch-max-records",
        "10",
      ]);
      expect(created).toContain(`to-receiver on hooks: active, ${receiver.url}/r/cli`);
      await ok("produce hooks", "a\nb\nc\n");
      const got = await eventually("three records delivered", async () => {
        const ds = await deliveries();
        return ds.flatMap((d) => d.offsets).length === 3 ? ds : undefined;
      });
      expect(got[0]?.deliveryId).toBe("to-receiver/hooks/0/0");
      expect(rowsOf(await ok("subscriptions list hooks"))).toContainEqual({
        NAME: "to-receiver",
        STATE: "active",
        URL: `${receiver.url}/r/cli`,
        LAG: "0",
        DELIVERED: "3",
        "DEAD-LETTERED": "0",
      });
      const described = await ok("subscriptions describe hooks to-receiver");
      expect(described).toContain("3 delivered, 0 dead-lettered");
      expect(described).not.toContain("whsec_cli");
      expect(await ok("subscriptions pause hooks to-receiver")).toContain(": paused,");
      expect(await ok("subscriptions resume hooks to-receiver")).toContain(": active,");
      expect(await ok("subscriptions delete hooks to-receiver")).toBe(
        "deleted subscription to-receiver of hooks\n",
      );
      const gone = await edgelog("subscriptions describe hooks to-receiver");
      expect(gone.status).toBe(1);
      expect(gone.stderr).toMatch(/^edgelog: SUBSCRIPTION_NOT_FOUND: [^\n]+\n$/);
    } finally {
      receiver.server.close();
      receiver.server.closeAllConnections();
    }
  });

  it("produces a file with a summary, JSON values and explicit partitions; reads without a group", async () => {
    await ok("topics create events --partitions 2");
    const dir = mkdtempSync(join(tmpdir(), "edgelog-cli-file-"));
    try {
      const file = join(dir, "events.ndjson");
      writeFileSync(file, '{"n":1}\n\n"two"\r\n[3]\n4');
      const produced = await edgelog(`produce events --file ${file} --json-values --partition 1`);
      expect(produced.status).toBe(0);
      expect(produced.stderr).toContain("produced 4 records to events");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const records = (await ok("consume events --from-beginning --json"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records.map((r) => [r.partition, r.offset, r.value])).toEqual([
      [1, 0, { n: 1 }],
      [1, 1, "two"],
      [1, 2, [3]],
      [1, 3, 4],
    ]);
    expect(await ok("consume events --partition 1 --offset 2")).toBe("[3]\n4\n");
    expect(await ok("consume events --from-beginning --max-messages 2")).toBe('{"n":1}\ntwo\n');
    const past = await edgelog("consume events --partition 1 --offset 9");
    expect(past.status).toBe(2);
    expect(past.stderr).toContain("--offset 9 is past partition 1's log end (4)");
    // Without --from-beginning a plain read starts at the end, and stops there.
    expect(await ok("consume events")).toBe("");
  });

  it("resets a group's offsets: a dry run by default, written with --execute", async () => {
    await ok("topics create resets");
    await ok("produce resets", "a\nb\nc\nd\n");
    await ok("consume resets --group replay --from-beginning");
    const plan = await edgelog("groups reset-offsets replay --topic resets --to-offset 1");
    expect(rowsOf(plan.stdout)).toEqual([{ TOPIC: "resets", PARTITION: "0", "NEW-OFFSET": "1" }]);
    expect(plan.stderr).toContain("dry run");
    expect(rowsOf(await ok("groups describe replay"))[0]?.COMMITTED).toBe("4");
    await ok("groups reset-offsets replay --topic resets --to-offset 1 --execute");
    expect(rowsOf(await ok("groups describe replay"))[0]).toMatchObject({
      COMMITTED: "1",
      LAG: "3",
    });
    expect(await ok("consume resets --group replay")).toBe("b\nc\nd\n");
    await ok("groups reset-offsets replay --topic resets --to-earliest --execute");
    expect(await ok("consume resets --group replay --max-messages 1")).toBe("a\n");
    expect(rowsOf(await ok("groups describe replay"))[0]?.COMMITTED).toBe("1");
    const conflicting = await edgelog(
      "groups reset-offsets replay --topic resets --to-earliest --to-latest",
    );
    expect(conflicting.status).toBe(2);
  });

  it("shares a group between two bounded consumers: every record printed once, both finish", async () => {
    await ok("topics create shared --partitions 2");
    const lines = Array.from({ length: 20_000 }, (_, i) => `k${i % 9}:v${i}`);
    await ok("produce shared --key-separator :", lines.join("\n"));
    const env = { EDGELOG_URL: dev.current().base, EDGELOG_TOKEN: ADMIN_TOKEN };
    const args = ["consume", "shared", "--group", "pair", "--from-beginning"];
    // Each stops once the group reached the end: its own partitions by what it printed, the
    // other member's by the group's commits (the later joiner usually gets nothing before the
    // first member's next heartbeat, and finishes on those commits alone).
    const [a, b] = await Promise.all([runCli(args, { env }), runCli(args, { env })]);
    expect([a?.status, b?.status, a?.stderr, b?.stderr]).toEqual([0, 0, "", ""]);
    const printed = [...(a?.stdout ?? "").split("\n"), ...(b?.stdout ?? "").split("\n")];
    const values = printed.filter((line) => line !== "");
    expect(values).toHaveLength(20_000);
    expect(new Set(values)).toEqual(new Set(lines.map((line) => line.split(":")[1])));
    const rows = rowsOf(await ok("groups describe pair"));
    expect(rows.map((r) => r.LAG)).toEqual(["0", "0"]);
  });

  it("tails new records live and stops cleanly on Ctrl-C; a following member commits and leaves", async () => {
    await ok("topics create live --partitions 2");
    const env = { EDGELOG_URL: dev.current().base, EDGELOG_TOKEN: ADMIN_TOKEN };
    const tail = startCli(["tail", "live", "--print-key"], { env });
    const follower = startCli(["consume", "live", "--group", "watchers", "--follow"], { env });
    await eventually("the follower to join", async () => {
      const rows = rowsOf(await ok("groups describe watchers"));
      return rows.length === 2 && rows.every((r) => r.OWNER !== "-") ? true : undefined;
    });
    // Offsets reset while the member is active are refused with the server's code.
    const refused = await edgelog(
      "groups reset-offsets watchers --topic live --to-earliest --execute",
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^edgelog: GROUP_NOT_EMPTY: [^\n]+\n$/);
    await ok("produce live --key-separator =", "k1=one\nk2=two\nk3=three\n");
    await eventually("the tail to print", async () =>
      tail.stdout.split("\n").length > 3 ? true : undefined,
    );
    await eventually("the follower to print", async () =>
      follower.stdout.split("\n").length > 3 ? true : undefined,
    );
    const tailed = await tail.interrupt();
    expect(tailed.status).toBe(0);
    expect(new Set(tailed.stdout.trimEnd().split("\n"))).toEqual(
      new Set(["k1\tone", "k2\ttwo", "k3\tthree"]),
    );
    const followed = await follower.interrupt();
    expect(followed.status).toBe(0);
    expect(new Set(followed.stdout.trimEnd().split("\n"))).toEqual(
      new Set(["one", "two", "three"]),
    );
    const rows = rowsOf(await ok("groups describe watchers"));
    expect(rows.every((r) => r.OWNER === "-" && r.LAG === "0")).toBe(true);
    expect(rows.reduce((sum, r) => sum + Number(r.COMMITTED), 0)).toBe(3);
  });

  it("describes every partition (- where uncommitted) with owners' client id and host; --watch until Ctrl-C", async () => {
    await ok("topics create lagging --partitions 3");
    for (const [partition, lines] of [
      [0, "a\nb\nc\nd\n"],
      [1, "e\nf\n"],
      [2, "g\n"],
    ] as const) {
      await ok(`produce lagging --partition ${partition}`, lines);
    }
    // The group commits partition 0 only (a manual commit, as a tool would).
    const committed = await fetch(`${dev.current().base}/v1/groups/laggards/offsets`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ offsets: [{ topic: "lagging", partition: 0, offset: 1 }] }),
    });
    expect(committed.status).toBe(200);
    const rows = rowsOf(await ok("groups describe laggards"));
    expect(rows.map((r) => [r.PARTITION, r.COMMITTED, r.LAG, r.OWNER, r["CLIENT-ID"]])).toEqual([
      ["0", "1", "3", "-", "-"],
      ["1", "-", "2", "-", "-"],
      ["2", "-", "1", "-", "-"],
    ]);
    // Every partition lags: LAG-SEC is how old its oldest unconsumed record is.
    for (const row of rows) expect(Number(row["LAG-SEC"])).toBeGreaterThanOrEqual(0);

    // A CLI member shows as edgelog-cli, from the address wrangler dev saw it at.
    const env = { EDGELOG_URL: dev.current().base, EDGELOG_TOKEN: ADMIN_TOKEN };
    const follower = startCli(["consume", "lagging", "--group", "laggards", "--follow"], { env });
    const owned = await eventually("the follower to own every partition", async () => {
      const now = rowsOf(await ok("groups describe laggards"));
      return now.length === 3 && now.every((r) => r.OWNER !== "-") ? now : undefined;
    });
    for (const row of owned) {
      expect(row["CLIENT-ID"]).toBe("edgelog-cli");
      expect(row.HOST).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    }

    // --watch into a pipe: snapshot after snapshot, a blank line between, until Ctrl-C (exit 0).
    const watch = startCli(["groups", "describe", "laggards", "--watch", "--interval", "1"], {
      env,
    });
    await eventually("two snapshots", async () =>
      watch.stdout.split("Group: laggards").length > 2 ? true : undefined,
    );
    const watched = await watch.interrupt();
    expect([watched.status, watched.stderr]).toEqual([0, ""]);
    const snapshots = watched.stdout.trimEnd().split("\n\nGroup: ");
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const snapshot of snapshots.slice(1)) {
      expect(rowsOf(snapshot).map((r) => r.PARTITION)).toEqual(["0", "1", "2"]);
    }
    expect((await follower.interrupt()).status).toBe(0);

    for (const args of ["--watch --interval 0", "--watch --interval 3601", "--interval 5"]) {
      const refused = await edgelog(`groups describe laggards ${args}`);
      expect([refused.status, refused.stdout]).toEqual([2, ""]);
      expect(refused.stderr).toMatch(/--interval/);
    }
  });

  it("shows live records per second per topic with top, refreshed until Ctrl-C", async () => {
    await ok("topics create busy --partitions 2");
    const env = { EDGELOG_URL: dev.current().base, EDGELOG_TOKEN: ADMIN_TOKEN };
    const top = startCli(["top", "--interval", "1"], { env });
    const produce = () =>
      fetch(`${dev.current().base}/v1/topics/busy/records`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ records: [{ value: 1 }, { value: 2 }] }),
      });
    const row = await eventually(
      "a snapshot with records coming in",
      async () => {
        expect((await produce()).status).toBe(200);
        // The last snapshot's table (its IN/S headers are not what rowsOf looks for).
        const [header, ...lines] = (top.stdout.trim().split("\n\n").at(-1) ?? "").split("\n");
        const names = (header ?? "").split(/\s+/);
        const busy = lines
          .map((line) => Object.fromEntries(line.split(/\s+/).map((cell, i) => [names[i], cell])))
          .find((r) => r.TOPIC === "busy");
        return busy !== undefined && Number(busy["IN/S"]) > 0 ? busy : undefined;
      },
      30_000,
    );
    expect(row.PARTITIONS).toBe("2");
    expect(Number(row["IN-BYTES/S"])).toBeGreaterThan(0);
    const stopped = await top.interrupt();
    expect([stopped.status, stopped.stderr]).toEqual([0, ""]);
    const refused = await edgelog("top --interval 0");
    expect([refused.status, refused.stdout]).toEqual([2, ""]);
    expect(refused.stderr).toMatch(/--interval/);
  });

  it("takes --token over EDGELOG_TOKEN and reports refusals and usage errors as one line", async () => {
    await ok("topics create guarded");
    const answer = await fetch(`${dev.current().base}/v1/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: "reader",
        acl: [{ resource: "topic:guarded", operations: ["consume"] }],
      }),
    });
    const { token } = (await answer.json()) as { token: string };
    const base = { EDGELOG_URL: dev.current().base };

    const anonymous = await runCli(["topics", "list"], { env: base });
    expect(anonymous).toMatchObject({ status: 1, stdout: "" });
    expect(anonymous.stderr).toMatch(/^edgelog: UNAUTHORIZED: [^\n]+\n$/);
    const reader = await runCli(["produce", "guarded", "--token", token], {
      env: base,
      input: "x\n",
    });
    expect(reader.status).toBe(1);
    expect(reader.stderr).toMatch(/^edgelog: FORBIDDEN: [^\n]+\n$/);
    // The flag wins over the environment's admin token.
    const flagged = await runCli(["topics", "create", "other", "--token", token], {
      env: { ...base, EDGELOG_TOKEN: ADMIN_TOKEN },
    });
    expect(flagged.stderr).toMatch(/^edgelog: FORBIDDEN: /);
    const viaUrlFlag = await runCli(
      ["consume", "guarded", "--from-beginning", "--url", dev.current().base],
      {
        env: { EDGELOG_URL: "http://127.0.0.1:9", EDGELOG_TOKEN: token },
      },
    );
    expect(viaUrlFlag).toMatchObject({ status: 0, stdout: "", stderr: "" });

    const unreachable = await runCli(["topics", "list"], {
      env: { EDGELOG_URL: "http://127.0.0.1:9" },
    });
    expect(unreachable.status).toBe(1);
    // The SDK's retries are one warning line (not one per retry), then the error line.
    expect(unreachable.stderr).toMatch(
      /^edgelog: warn: admin: [^\n]+ failed \(UNAVAILABLE: [^\n]+\), retrying in \d+ ms\nedgelog: UNAVAILABLE: .*is edgelog running at http:\/\/127\.0\.0\.1:9\?\)\n$/,
    );
    const usage = await edgelog("topics create t --partitions two");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("--partitions must be an integer");
    for (const size of ["0", "10001"]) {
      const batch = await edgelog(`produce guarded --batch-size ${size}`, "x\n");
      expect([batch.status, batch.stderr]).toEqual([
        2,
        expect.stringContaining("--batch-size must be from 1 to 10000"),
      ]);
    }
    const unknown = await edgelog("consume guarded --no-such-flag");
    expect(unknown.status).toBe(2);
    const badLine = await edgelog("produce guarded --json-values", "1\n{oops\n");
    expect(badLine.status).toBe(2);
    expect(badLine.stderr).toContain("line 2 is not a JSON value");
    expect((await edgelog("--help")).stdout).toContain("usage: edgelog <command>");
  });

  it("prints only the error line when producing to a topic that does not exist", async () => {
    const missing = await edgelog("produce missing-topic", "x\n");
    expect(missing).toMatchObject({ status: 1, stdout: "" });
    expect(missing.stderr).toMatch(/^edgelog: TOPIC_NOT_FOUND: [^\n]+\n$/);
  });

  it("takes global options before the command as after it, and --help and --version anywhere", async () => {
    const base = dev.current().base;
    const early = await runCli([
      "--url",
      base,
      "--token",
      ADMIN_TOKEN,
      "topics",
      "create",
      "early",
    ]);
    expect(early).toMatchObject({ status: 0, stderr: "" });
    expect(early.stdout).toContain("created topic early");
    const env = { EDGELOG_TOKEN: ADMIN_TOKEN };
    const described = await runCli([`--url=${base}`, "--json", "topics", "describe", "early"], {
      env,
    });
    expect(described).toMatchObject({ status: 0, stderr: "" });
    expect(JSON.parse(described.stdout)).toMatchObject({ name: "early" });
    // Some before, some after.
    const mixed = await runCli(["--json", "topics", "list", "--url", base], { env });
    expect(mixed).toMatchObject({ status: 0, stderr: "" });
    expect(JSON.parse(mixed.stdout).map((t: { name: string }) => t.name)).toContain("early");
    const produced = await runCli(["--url", base, "produce", "early"], { env, input: "a\nb\n" });
    expect([produced.status, produced.stderr]).toEqual([
      0,
      expect.stringMatching(/^produced 2 records to early /),
    ]);

    const version = /^edgelog \d+\.\d+\.\d+\S*\n$/;
    for (const args of [["--version"], ["topics", "--version"], ["--version", "produce", "x"]]) {
      const answer = await runCli(args);
      expect([answer.status, answer.stdout, answer.stderr], args.join(" ")).toEqual([
        0,
        expect.stringMatching(version),
        "",
      ]);
    }
    for (const args of [
      ["-h", "topics"],
      ["topics", "--help"],
      ["help", "topics"],
    ]) {
      const answer = await runCli(args);
      expect([answer.status, answer.stderr], args.join(" ")).toEqual([0, ""]);
      expect(answer.stdout).toMatch(/^usage: edgelog topics list/);
    }
    expect((await runCli(["--url", base, "--help"])).stdout).toContain("usage: edgelog <command>");
    const unknown = await runCli(["--group", "g", "consume", "early"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^edgelog: unknown option "--group" before the command/);
    const missing = await runCli(["--url", base]);
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/^edgelog: missing command\n/),
    ]);
  });
});
