// The README's runnable examples: the ```sh blocks between `<!-- name:start -->` and
// `<!-- name:end -->` markers, which end-to-end tests run verbatim.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const README = join(import.meta.dirname, "..", "..", "README.md");

export function readmeCommands(name: string): string[] {
  const text = readFileSync(README, "utf8");
  const section = text.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0];
  if (section === undefined) throw new Error(`README has no ${name} markers`);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => (m[1] as string).trim());
}
