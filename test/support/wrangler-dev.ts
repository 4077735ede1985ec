// Runs a real `wrangler dev` for end-to-end tests: a free port, its own persistence directory,
// and a clean stop of wrangler and its workerd children.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const READY_MS_MAX = 60_000;
const PROBE_MS_MAX = 2_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * How wrangler dev is started: as `npm start` runs it from this repository (the default), or as
 * a user types it in `projectDir` — `npx wrangler dev` with no flag but where it listens, so the
 * project's files alone (.env, .dev.vars, wrangler.toml) decide its vars and its state directory.
 */
export type Launch = { kind: "npm-start" } | { kind: "as-user"; projectDir: string };

export class WranglerDev {
  private child: ChildProcess | null = null;
  private output = "";

  constructor(
    /** Where it listens; a retried start may move to another free port. */
    public port: number,
    readonly persistTo: string,
    readonly vars: Record<string, string> = {},
    readonly launch: Launch = { kind: "npm-start" },
  ) {}

  /** What wrangler and the worker printed lately. */
  get log(): string {
    return this.output;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Starts wrangler dev and waits until the worker answers. A wrangler that exits before that
   * (typically: another process took the free port between freePort() and wrangler's bind) is
   * started once more on a new free port before the test fails with its log.
   */
  async start(): Promise<void> {
    let outcome = await this.startOnce();
    if (outcome === "exited") {
      this.port = await freePort();
      outcome = await this.startOnce();
    }
    if (outcome === "ready") return;
    throw new Error(`wrangler dev did not become ready:\n${this.output}`);
  }

  /** One attempt; wrangler is stopped again unless the worker answered. */
  private async startOnce(): Promise<"ready" | "exited" | "timed out"> {
    const listen = ["dev", "--port", String(this.port), "--ip", "127.0.0.1"];
    const [command, args, cwd]: [string, string[], string] =
      this.launch.kind === "as-user"
        ? // npx puts node_modules/.bin first on PATH, and with it the Node 22 wrangler needs.
          ["npx", ["wrangler", ...listen], this.launch.projectDir]
        : [
            // process.execPath is the Node 22 that runs vitest (wrangler needs ≥ 22).
            process.execPath,
            [
              join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js"),
              ...listen,
              "--persist-to",
              this.persistTo,
              "--log-level",
              "warn",
              "--show-interactive-dev-session=false",
              // As `npm start` runs it, unless a test says otherwise; a .dev.vars token must not
              // leak in.
              ...Object.entries({
                EDGELOG_DEV: "1",
                EDGELOG_ADMIN_TOKEN: "",
                ...this.vars,
              }).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
            ],
            ROOT,
          ];
    this.child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    });
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    const deadline = Date.now() + READY_MS_MAX;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) break;
      try {
        // Any answer of the worker's own (auth may refuse it) means it is up.
        // Bounded: a port that accepts and never answers must not stall the start.
        const response = await fetch(`${this.base}/v1/topics`, {
          signal: AbortSignal.timeout(PROBE_MS_MAX),
        });
        await response.body?.cancel();
        if ((response.headers.get("content-type") ?? "").includes("application/json"))
          return "ready";
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const exited = this.child.exitCode !== null;
    await this.stop();
    return exited ? "exited" : "timed out";
  }

  /** Stops wrangler and its workerd children (the whole process group). */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === null || child.pid === undefined) return;
    this.child = null;
    // Already gone (it exited by itself): no exit event is coming to wait for.
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * A wrangler dev for the calling test file, with its own persistence directory: started before
 * its tests, stopped and wiped after. `current()` is the running instance (restarts replace it).
 */
export function wranglerDevForFile(
  prefix: string,
  vars: Record<string, string> = {},
): {
  current: () => WranglerDev;
  restart: () => Promise<void>;
} {
  const persistTo = mkdtempSync(join(tmpdir(), prefix));
  let dev: WranglerDev | undefined;
  const start = async () => {
    dev = new WranglerDev(await freePort(), persistTo, vars);
    await dev.start();
  };
  beforeAll(start);
  afterAll(async () => {
    await dev?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  });
  return {
    current: () => {
      if (dev === undefined) throw new Error("wrangler dev is not running");
      return dev;
    },
    restart: async () => {
      await dev?.stop();
      await start();
    },
  };
}
