// The results as a markdown table for people and a JSON file for later comparison.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

function formatNumber(value, digits) {
  if (value === null || value === undefined) return "–";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Rows are (phase, batch, system): each system's figures, and its records/s over the baseline's. */
export function formatTable(results, systemNames, cases) {
  const header = ["phase", "batch", "system", "rec/s", "MB/s", "p50 ms", "p99 ms", "vs baseline"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const { phase, batch } of cases) {
    const find = (system) =>
      results.find((r) => r.system === system && r.phase === phase && r.batch === batch);
    const baseline = find("baseline");
    for (const name of systemNames) {
      const result = find(name);
      if (result === undefined) continue;
      const flag = result.errors > 0 ? " !" : "";
      const ratio =
        baseline && baseline.recordsPerSec > 0 && name !== "baseline"
          ? `${formatNumber(result.recordsPerSec / baseline.recordsPerSec, 2)}×`
          : "–";
      lines.push(
        `| ${[
          phase,
          String(batch),
          name,
          formatNumber(result.recordsPerSec, 0) + flag,
          formatNumber(result.mbPerSec, 2),
          formatNumber(result.p50Ms, 2),
          formatNumber(result.p99Ms, 2),
          ratio,
        ].join(" | ")} |`,
      );
    }
  }
  return lines.join("\n");
}

/** Produce records/s of each replicated edgelog over single-replica edgelog, per batch size. */
export function formatReplicationRatios(results) {
  const produce = results.filter((r) => r.phase === "produce");
  const lines = [];
  for (const r of produce) {
    if (!r.system.startsWith("edgelog RF=")) continue;
    const single = produce.find((s) => s.system === "edgelog" && s.batch === r.batch);
    if (single === undefined || single.recordsPerSec === 0) continue;
    const ratio = formatNumber(r.recordsPerSec / single.recordsPerSec, 2);
    lines.push(`- produce batch ${r.batch}: ${r.system} / edgelog RF=1 = ${ratio}×`);
  }
  return lines.length === 0 ? "" : `Replication cost:\n${lines.join("\n")}`;
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

/** `after / before` as a percentage, small enough shares with more digits. */
function formatShare(after, before) {
  if (!(before > 0)) return "–";
  const percent = (100 * after) / before;
  return `${formatNumber(percent, percent < 1 ? 3 : 1)}%`;
}

/**
 * The compaction case: storage before and after, how long the pass took, and the offsets probe
 * idle and during compaction (how long a request waits behind the pass's alarm runs).
 */
export function formatCompaction(result) {
  const { records, keys, before, after, compactSeconds, loadSeconds } = result;
  const storageRows = ["bytes", "batches", "records"].map(
    (field) =>
      `| ${field} | ${formatNumber(before[field], 0)} | ${formatNumber(after[field], 0)} | ` +
      `${formatShare(after[field], before[field])} |`,
  );
  const probeRow = (label, figures) => {
    const flag = figures.errors > 0 ? ` (${figures.errors} errors !)` : "";
    return (
      `| ${label} | ${figures.count}${flag} | ${formatNumber(figures.p50, 2)} | ` +
      `${formatNumber(figures.p99, 2)} | ${formatNumber(figures.max, 2)} |`
    );
  };
  const probe = `offsets probe, a GET every ${result.probeIntervalMs} ms`;
  return [
    `Compaction: ${formatNumber(records, 0)} records over ${formatNumber(keys, 0)} keys, one ` +
      `partition, loaded in ${formatNumber(loadSeconds, 1)} s; compacted to its live keys in ` +
      `${formatNumber(compactSeconds, 2)} s, ${formatNumber(records / compactSeconds, 0)} log ` +
      "records/s (a pass reads each record about twice: key map, then rewrite).",
    "",
    "| storage | before | after | after / before |",
    "|---|---|---|---|",
    ...storageRows,
    "",
    `| ${probe} | requests | p50 ms | p99 ms | max ms |`,
    "|---|---|---|---|---|",
    probeRow("idle", result.idleProbe),
    probeRow("during compaction", result.compactingProbe),
  ].join("\n");
}

/** Probe errors of the compaction case, as list lines like formatErrors'. */
export function formatCompactionErrors(result) {
  const lines = [];
  for (const [label, probe] of [
    ["idle", result.idleProbe],
    ["during compaction", result.compactingProbe],
  ]) {
    for (const message of probe.errorSamples) lines.push(`- compaction probe ${label}: ${message}`);
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
