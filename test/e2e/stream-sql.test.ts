// Stream SQL against a real `wrangler dev` (one for the file): a counting query fed while
// wrangler is stopped and started mid-stream ends with counts equal to the reference and no
// count written twice; and the built CLI runs pull queries and lists and describes queries.
import { beforeAll, describe, expect, it } from "vitest";
import { Api, uniqueTopic } from "../support/api.js";
import { buildPackage, type CliResult, runCli } from "../support/cli.js";
import { eventually } from "../support/eventually.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const server = wranglerDevForFile("edgelog-sql-");
const api = new Api((request) =>
  fetch(request.url.replace("http://edgelog.test", server.current().base), request),
);

function edgelog(...args: string[]): Promise<CliResult> {
  return runCli(args, { env: { EDGELOG_URL: server.current().base } });
}

beforeAll(buildPackage, 60_000);

describe("stream SQL across a wrangler dev restart", () => {
  it("counts every record exactly once through a stop and start mid-stream", async () => {
    const input = uniqueTopic("clicks");
    await api.createTopic(input, { partitions: 2 });
    const out = uniqueTopic("counts");
    const created = await api.request<{ id: string }>("POST", "/v1/queries", {
      sql: `CREATE TABLE \`${out}\` AS SELECT page, COUNT(*) AS n FROM \`${input}\` GROUP BY page`,
    });
    expect(created.status).toBe(201);
    const reference = new Map<string, number>();
    const produceRound = async (round: number) => {
      const records = Array.from({ length: 200 }, (_, i) => ({
        key: `v${i % 13}`,
        value: { page: `/p${(i + round) % 6}` },
      }));
      expect((await api.produce(input, records)).status).toBe(200);
      for (const r of records) reference.set(r.value.page, (reference.get(r.value.page) ?? 0) + 1);
    };
    await produceRound(0);
    await produceRound(1);
    // Stopped while the appends' wakes are still processing.
    await server.restart();
    await produceRound(2);
    const pulled = await eventually(
      "the counts to reach the reference",
      async () => {
        const answer = await api.request<{ rows: [string, number][] }>("POST", "/v1/query", {
          sql: `SELECT PAGE, N FROM \`${out}\``,
        });
        const counts = new Map(answer.body.rows);
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        return total === 600 ? counts : undefined;
      },
      60_000,
    );
    expect(pulled).toEqual(reference);
    const seen = new Map<string, number[]>();
    for (const partition of [0, 1]) {
      for (const record of await api.fetchAll(out, partition)) {
        const { PAGE, N } = record.value as { PAGE: string; N: number };
        seen.set(PAGE, [...(seen.get(PAGE) ?? []), N]);
      }
    }
    for (const [page, counts] of seen) {
      expect(counts.at(-1)).toBe(reference.get(page));
      expect(counts).toEqual([...new Set(counts)].sort((a, b) => a - b));
    }
  }, 120_000);

  it("runs pull queries and lists and describes queries from the CLI", async () => {
    const input = uniqueTopic("beacons");
    await api.createTopic(input);
    await api.produce(input, [
      { key: "a", value: { page: "/home" } },
      { key: "b", value: { page: "/home" } },
    ]);
    const out = uniqueTopic("views");
    const create = await edgelog(
      "query",
      `CREATE TABLE \`${out}\` WITH (START = 'earliest') AS SELECT page, COUNT(*) AS views FROM \`${input}\` GROUP BY page`,
    );
    expect(create.stderr).toBe("");
    const id = /query ([0-9a-f-]{36})/.exec(create.stdout)?.[1] as string;
    const pull = await edgelog("query", `SELECT PAGE, VIEWS FROM \`${out}\` WHERE KEY = '/home'`);
    expect(
      pull.stdout
        .trim()
        .split("\n")
        .map((line) => line.trim().split(/\s+/)),
    ).toEqual([
      ["PAGE", "VIEWS"],
      ["/home", "2"],
    ]);
    expect((await edgelog("queries", "list")).stdout).toContain(id);
    const described = await edgelog("queries", "describe", id);
    expect(described.stdout).toContain("OFFSET");
    const invalid = await edgelog("query", `SELECT paeg FROM \`${out}\``);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain("INVALID_QUERY: unknown column paeg, did you mean PAGE?");
    expect((await edgelog("queries", "drop", id)).status).toBe(0);
  }, 60_000);
});
