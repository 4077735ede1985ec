// Runs the built `edgelog` CLI as a user would: `npm run build`, then the package's
// `dist/edgelog.mjs` as a child process with its own stdin, stdout, stderr, environment and exit
// status.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "packages", "edgelog", "dist", "edgelog.mjs");

/** Builds the package's dist/ (the CLI, the SDK and its types) with the project's build script. */
export function buildPackage(): void {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "pipe" });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
}

/** A CLI process still running (tail, consume --follow): its output so far, and a way to stop. */
export class RunningCli {
  stdout = "";
  stderr = "";
  readonly exited: Promise<CliResult>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) =>
      child.once("close", (status) =>
        resolve({ status, stdout: this.stdout, stderr: this.stderr }),
      ),
    );
  }

  /** Ctrl-C. */
  interrupt(): Promise<CliResult> {
    this.child.kill("SIGINT");
    return this.exited;
  }
}

export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  // process.execPath is the Node that runs vitest; the CLI itself needs only Node 18+.
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin?.end(options.input ?? "");
  return new RunningCli(child);
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited;
}
