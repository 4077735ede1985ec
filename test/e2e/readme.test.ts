// The README's walkthrough, run verbatim (only the port changes) against a fresh `wrangler dev`.
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Api } from "../support/api.js";
import { readmeCommands } from "../support/readme.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const run = promisify(execFile);

/** Runs an SSE command for a moment, then stops it: `curl -N` never ends by itself. */
function runBriefly(command: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", command], { detached: true });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    setTimeout(() => process.kill(-(child.pid as number), "SIGTERM"), ms);
    child.on("exit", () => resolve(output));
  });
}

const server = wranglerDevForFile("edgelog-readme-");

describe("README walkthrough", () => {
  it("works verbatim against wrangler dev", async () => {
    const dev = server.current();
    const commands = readmeCommands("walkthrough");
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const original of commands) {
      const command = original.replaceAll("localhost:8787", `127.0.0.1:${dev.port}`);
      if (command.includes("text/event-stream")) {
        const output = await runBriefly(command, 1500);
        expect(output, command).toContain("event: records");
        continue;
      }
      const { stdout } = await run("bash", ["-c", command]);
      const answer = JSON.parse(stdout) as Record<string, unknown>;
      expect(answer.error, `${command}\n${stdout}`).toBeUndefined();
    }
    const api = new Api(fetch, dev.base);
    const records = await api.fetchAll("orders", 0);
    expect(records.map((r) => [r.key, r.value])).toEqual([
      ["customer-42", { item: "book", qty: 1 }],
      ["customer-42", { item: "pen", qty: 3 }],
      ["customer-42", { item: "ink", qty: 2 }],
    ]);
    expect(records[0]?.headers).toEqual({ source: "web" });

    // The consumer-group script runs as one, after the walkthrough made the topic.
    const [script] = readmeCommands("groups");
    const { stdout } = await run("bash", [
      "-c",
      (script as string).replaceAll("localhost:8787", `127.0.0.1:${dev.port}`),
    ]);
    expect(stdout).toContain('"memberId"');
    expect(stdout).not.toContain('"error"');
    const offsets = await api.request<{
      offsets: Array<Record<string, number | string | null>>;
    }>("GET", "/v1/groups/billing/offsets");
    // Partition 0 as committed; the others of the group's topic listed, never committed.
    const [first, ...others] = offsets.body.offsets;
    expect(first).toEqual({
      topic: "orders",
      partition: 0,
      offset: 3,
      metadata: "",
      highWatermark: 3,
      logStartOffset: 0,
      lag: 0,
    });
    expect(others.map((o) => [o.partition, o.offset, o.metadata, o.lag])).toEqual(
      others.map((o) => [o.partition, null, null, o.highWatermark]),
    );
    expect(others.map((o) => o.partition)).toEqual([1, 2]);
    const group = await api.request<{ state: string }>("GET", "/v1/groups/billing");
    expect(group.body.state).toBe("Empty");
  });
});

describe("README beacon and webhook recipes", () => {
  it("set up tracking on a new topic and take a beacon, run verbatim top to bottom", async () => {
    const dev = server.current();
    const [script] = readmeCommands("beacons");
    const { stdout } = await run("bash", [
      "-c",
      (script as string).replaceAll("localhost:8787", `127.0.0.1:${dev.port}`),
    ]);
    expect(stdout).not.toContain('"error"');
    expect(stdout).toContain('"publishableKey":"pk_');
    const records = await new Api(fetch, dev.base).fetchAll("activity", 0);
    expect(records.map((r) => r.value)).toEqual([
      { name: "add_to_cart", props: { sku: "A-1", price: 12.5 }, anonymousId: "visitor-1" },
    ]);
    expect(records[0]?.key).toBe("visitor-1");
    expect(records[0]?.headers.origin).toBe("https://shop.example");
  });

  it("set up a signed GitHub webhook on a new topic and take a delivery, run verbatim", async () => {
    const dev = server.current();
    const [script] = readmeCommands("webhooks");
    const { stdout } = await run("bash", [
      "-c",
      (script as string).replaceAll("localhost:8787", `127.0.0.1:${dev.port}`),
    ]);
    expect(stdout).not.toContain('"error"');
    expect(stdout).not.toContain("change-me"); // the secret is never answered back
    const records = await new Api(fetch, dev.base).fetchAll("github", 0);
    expect(records.map((r) => [r.key, r.value])).toEqual([
      ["acme/app", { action: "opened", repository: { full_name: "acme/app" } }],
    ]);
    expect(records[0]?.headers).toMatchObject({
      "x-github-event": "pull_request",
      "x-github-delivery": "delivery-1",
    });
  });
});
