// The import-rule check of `npm run lint`: reads every source file under src/, workers/ and
// console/ and fails, listing each offending import, when one breaks a layering rule
// (scripts/import-rules.mjs, DESIGN.md §1).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { checkImports } from "./import-rules.mjs";

const ROOT = join(import.meta.dirname, "..");
const SOURCE = /\.(?:ts|mts|js|mjs)$/;

const files = new Map();
for (const folder of ["src", "workers", "console"]) {
  for (const entry of readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(ROOT, path).split("\\").join("/"), readFileSync(path, "utf8"));
  }
}

const violations = checkImports(files);
for (const violation of violations) console.error(violation);
if (violations.length > 0) {
  console.error(`${violations.length} import(s) break the layering rules (DESIGN.md §1).`);
  process.exit(1);
}
console.log(`Checked the imports of ${files.size} files: the layering holds.`);
