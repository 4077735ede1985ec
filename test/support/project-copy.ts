// A fresh copy of this project as a clone would have it: the files git tracks (and new ones it
// does not ignore), none of a developer's ignored files (.dev.vars, .wrangler, dist), and the
// installed node_modules linked in rather than installed again.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

export interface ProjectCopy {
  dir: string;
  remove: () => void;
}

/** Copies the project into a new temporary directory, leaving out the paths in `without`. */
export function copyProject(without: readonly string[] = []): ProjectCopy {
  const dir = mkdtempSync(join(tmpdir(), "edgelog-project-"));
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  for (const path of listed.split("\0")) {
    // A path deleted in the work tree but not yet in git is gone from a clone made after commit.
    if (path === "" || without.includes(path) || !existsSync(join(ROOT, path))) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    cpSync(join(ROOT, path), join(dir, path));
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
