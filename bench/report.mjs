// The results as a markdown table for people and a JSON file for later comparison.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const COLUMNS_PER_SYSTEM = ["rec/s", "MB/s", "p50 ms", "p99 ms"];

function formatNumber(value, digits) {
  if (value === null || value === undefined) return "–";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** The four figures of one system for one case; a "!" marks a case that saw errors. */
function systemCells(result) {
  if (result === undefined) return ["n/a", "n/a", "n/a", "n/a"];
  const flag = result.errors > 0 ? " !" : "";
  return [
    formatNumber(result.recordsPerSec, 0) + flag,
    formatNumber(result.mbPerSec, 2),
    formatNumber(result.p50Ms, 2),
    formatNumber(result.p99Ms, 2),
  ];
}

/** Rows are (phase, batch); columns are each system's figures, then edgelog / baseline. */
export function formatTable(results, systemNames, cases) {
  const header = ["phase", "batch"];
  for (const name of systemNames) header.push(...COLUMNS_PER_SYSTEM.map((c) => `${name} ${c}`));
  header.push("edgelog / baseline");
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const { phase, batch } of cases) {
    const find = (system) =>
      results.find((r) => r.system === system && r.phase === phase && r.batch === batch);
    const row = [phase, String(batch)];
    for (const name of systemNames) row.push(...systemCells(find(name)));
    const edgelog = find("edgelog");
    const baseline = find("baseline");
    const ratio =
      edgelog && baseline && baseline.recordsPerSec > 0
        ? edgelog.recordsPerSec / baseline.recordsPerSec
        : null;
    row.push(ratio === null ? "–" : `${formatNumber(ratio, 2)}×`);
    lines.push(`| ${row.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Below this many requests a case's percentiles are anecdotes, and the table says so. */
const REQUESTS_FOR_PERCENTILES_MIN = 20;

/** The cases whose latency figures rest on too few requests to mean much. */
export function formatThinCases(results) {
  const thin = results.filter((r) => r.requests < REQUESTS_FOR_PERCENTILES_MIN);
  if (thin.length === 0) return "";
  const list = thin.map((r) => `${r.system} ${r.phase} batch ${r.batch} (${r.requests})`);
  return `Few requests, so p50/p99 are rough: ${list.join(", ")}.`;
}

/** Every distinct error message seen, per case, so a failing run says why. */
export function formatErrors(results) {
  const lines = [];
  for (const r of results) {
    if (r.errors === 0) continue;
    const where = `${r.system} ${r.phase} batch ${r.batch}`;
    for (const { message, count } of r.errorSamples) {
      lines.push(`- ${where}: ${count}× ${message}`);
    }
    const unsampled = r.errors - r.errorSamples.reduce((sum, s) => sum + s.count, 0);
    if (unsampled > 0) lines.push(`- ${where}: ${unsampled}× other errors`);
  }
  return lines.join("\n");
}

/** Writes `<dir>/<ISO timestamp>.json` (colons as dashes, for portable file names). */
export async function writeResults(dir, startedAt, document) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${startedAt.toISOString().replaceAll(":", "-")}.json`);
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}
