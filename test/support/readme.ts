// The README's runnable examples: the fenced blocks (```sh unless told) between
// `<!-- name:start -->` and `<!-- name:end -->` markers, which end-to-end tests run verbatim.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = join(import.meta.dirname, "..", "..");

/** The blocks of `readme`, a path from the repository root (the project's README unless told). */
export function readmeCommands(name: string, language = "sh", readme = "README.md"): string[] {
  const text = readFileSync(join(ROOT, readme), "utf8");
  const section = text.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0];
  if (section === undefined) throw new Error(`README has no ${name} markers`);
  const fence = new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\`\`\``, "g");
  return [...section.matchAll(fence)].map((m) => (m[1] as string).trim());
}

/** Runs the first block of `name` in bash against a local server on `port`; its stdout. */
export async function runReadmeScript(name: string, port: number): Promise<string> {
  const [script] = readmeCommands(name);
  if (script === undefined) throw new Error(`README's ${name} markers hold no block`);
  const command = script.replaceAll("localhost:8787", `127.0.0.1:${port}`);
  return (await promisify(execFile)("bash", ["-c", command])).stdout;
}
