// The `edgelog` package as a Node user gets it: packed with `npm pack`, installed from the
// tarball into a new project outside the repository with plain `npm install` (no build step, no
// warning), where the README's Node quick start runs verbatim, in plain Node without TypeScript
// or a bundler, against wrangler dev, and `npx edgelog` is the CLI.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeCommands } from "../support/readme.js";
import { wranglerDevForFile } from "../support/wrangler-dev.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PACKAGE_README = join("packages", "edgelog", "README.md");
const run = promisify(execFile);
const dev = wranglerDevForFile("edgelog-sdk-node-");
const scratch = mkdtempSync(join(tmpdir(), "edgelog-pack-"));
const project = join(scratch, "app");

/** The environment of a user's shell: none of the npm_* settings of the `npm test` running us. */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
);

let packed: { filename: string; files: Array<{ path: string }> };
let installed: { stdout: string; stderr: string };

beforeAll(async () => {
  // `npm pack` of the workspace builds it first (its prepack) and prints what it packed.
  const { stdout } = await run(
    "npm",
    ["pack", "-w", "edgelog", "--json", "--pack-destination", scratch],
    {
      cwd: ROOT,
      env: userEnv,
    },
  );
  const [only] = JSON.parse(stdout) as Array<typeof packed>;
  if (only === undefined) throw new Error(`npm pack packed nothing: ${stdout}`);
  packed = only;
  // A new project: its own package.json, nothing installed, outside the repository.
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module" }),
  );
  // --offline: the package has no dependencies, so nothing needs the registry.
  installed = await run("npm", ["install", "--offline", join(scratch, packed.filename)], {
    cwd: project,
    env: userEnv,
  });
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the edgelog package", () => {
  it("ships its built files, its README and the license, nothing else", () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
    expect(paths).toEqual(expect.arrayContaining(["dist/edgelog.mjs", "dist/sdk.mjs"]));
    for (const path of paths) {
      expect(path).toMatch(
        /^(LICENSE|README\.md|package\.json|dist\/(edgelog|sdk)\.mjs|dist\/types\/.+\.d\.ts)$/,
      );
    }
    const license = readFileSync(join(project, "node_modules", "edgelog", "LICENSE"), "utf8");
    expect(license).toBe(readFileSync(join(ROOT, "LICENSE"), "utf8"));
    expect(license).toContain(
      "Apache License\n                           Version 2.0, January 2004",
    );
  });

  it("installs from the tarball with plain npm install: no script, no warning", () => {
    expect(installed.stderr).toBe("");
    const manifest = JSON.parse(
      readFileSync(join(project, "node_modules", "edgelog", "package.json"), "utf8"),
    ) as { name: string; license: string; private?: boolean; scripts?: Record<string, string> };
    expect(manifest).toMatchObject({ name: "edgelog", license: "Apache-2.0" });
    expect(manifest.private).toBeUndefined();
    // Scripts npm runs when the package is installed (from the registry, a tarball or a path).
    for (const script of ["preinstall", "install", "postinstall", "prepare"]) {
      expect(manifest.scripts?.[script], script).toBeUndefined();
    }
  });

  it("runs the README's Node quick start verbatim", async () => {
    const [program] = readmeCommands("sdk-node", "js");
    // The package's own README, which npm shows, carries the same program.
    expect(readmeCommands("sdk-node", "js", PACKAGE_README)).toEqual([program]);
    const source = (program ?? "").replaceAll("http://localhost:8787", dev.current().base);
    writeFileSync(join(project, "quickstart.mjs"), source);
    const { stdout } = await run(process.execPath, ["quickstart.mjs"], {
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

  it("puts the CLI on npx: `npx edgelog --help`", async () => {
    const { stdout, stderr } = await run("npx", ["edgelog", "--help"], {
      cwd: project,
      env: userEnv,
    });
    expect(stdout).toMatch(/^usage: edgelog <command>/);
    expect(stderr).toBe("");
  });
});
