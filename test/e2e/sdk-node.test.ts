// The SDK as a Node program uses it: the package built (`dist/sdk.mjs` behind its `exports`),
// installed into a fresh project, and the README's Node quick start run there verbatim, in plain
// Node without TypeScript or a bundler, against wrangler dev.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPackage } from "../support/cli.js";
import { readmeCommands } from "../support/readme.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const ROOT = join(import.meta.dirname, "..", "..");
const dev = wranglerDevForFile("edgelog-sdk-node-");
const project = mkdtempSync(join(tmpdir(), "edgelog-sdk-app-"));

beforeAll(() => {
  buildPackage();
  // What `npm install edgelog` leaves: the package under node_modules, resolved by its exports.
  writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module" }));
  mkdirSync(join(project, "node_modules"));
  symlinkSync(ROOT, join(project, "node_modules", "edgelog"), "dir");
}, 60_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the SDK from plain Node", () => {
  it("runs the README's Node quick start verbatim", async () => {
    const [program] = readmeCommands("sdk-node", "js");
    const source = (program ?? "").replaceAll("http://localhost:8787", dev.current().base);
    writeFileSync(join(project, "quickstart.mjs"), source);
    const { stdout } = await promisify(execFile)(process.execPath, ["quickstart.mjs"], {
      cwd: project,
      timeout: 60_000,
    });
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^sent \[ '\d@0', '\d@1' \]$/);
    const got = lines.filter((line) => line.startsWith("got"));
    expect(got).toEqual([
      expect.stringMatching(/^got \d 0 customer-42 \{ total: 12\.5 \}$/),
      expect.stringMatching(/^got \d 1 customer-42 \{ total: 3 \}$/),
    ]);
    expect(lines.at(-1)).toMatch(/^lag \[ 0(, 0)* \]$/);
  });
});
