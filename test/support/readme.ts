// The README's runnable examples: the fenced blocks (```sh unless told) between
// `<!-- name:start -->` and `<!-- name:end -->` markers, which end-to-end tests run verbatim.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** The blocks of `readme`, a path from the repository root (the project's README unless told). */
export function readmeCommands(name: string, language = "sh", readme = "README.md"): string[] {
  const text = readFileSync(join(ROOT, readme), "utf8");
  const section = text.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0];
  if (section === undefined) throw new Error(`README has no ${name} markers`);
  const fence = new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\`\`\``, "g");
  return [...section.matchAll(fence)].map((m) => (m[1] as string).trim());
}
