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

const RAW_APPEND = "raw-append DO";
/**
 * Client CPU (% of one core) from which a case counts as measuring the load generator, not the
 * server: a one-thread generator near a full core cannot send faster.
 */
export const CLIENT_BOUND_PERCENT = 80;

/**
 * One row per (case, system): throughput, latency, its records/s over the raw-append Durable
 * Object's in the same case, the server's CPU per 1,000 records and the load generator's CPU.
 */
export function formatTable(results, caseNames) {
  const header = [
    "case",
    "system",
    "rec/s",
    "MB/s",
    "p50 ms",
    "p99 ms",
    "vs raw DO",
    "server CPU ms / 1k rec",
    "client CPU",
  ];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const caseName of caseNames) {
    const rows = results.filter((r) => r.case === caseName);
    const floor = rows.find((r) => r.system === RAW_APPEND);
    for (const r of rows) {
      const ratio =
        floor !== undefined && floor.recordsPerSec > 0 && r !== floor
          ? `${formatNumber(r.recordsPerSec / floor.recordsPerSec, 2)}×`
          : "–";
      const cells = [
        caseName,
        r.system,
        formatNumber(r.recordsPerSec, 0) + (r.errors > 0 ? " !" : ""),
        formatNumber(r.mbPerSec, r.mbPerSec < 1 ? 2 : 1),
        formatNumber(r.p50Ms, 2),
        formatNumber(r.p99Ms, 2),
        ratio,
        formatNumber(r.serverCpuMsPer1kRecords, 2),
        `${formatNumber(r.clientCpuPercent, 0)}%${r.clientCpuPercent >= CLIENT_BOUND_PERCENT ? " ‡" : ""}`,
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

/** Long-poll wake-up latency per system, from the append's send and from its acknowledgement. */
export function formatWakeup(results) {
  const header =
    "| long-poll wake-up | samples | from send p50 ms | p99 ms | from ack p50 ms | p99 ms |";
  const lines = [header, "|---|---|---|---|---|---|"];
  for (const r of results) {
    const flag = r.errors > 0 ? ` (${r.errors} errors !)` : "";
    const cells = [r.system, `${r.samples}${flag}`, r.fromSend.p50Ms, r.fromSend.p99Ms];
    cells.push(r.fromAck.p50Ms, r.fromAck.p99Ms);
    lines.push(`| ${cells.map((c, i) => (i < 2 ? c : formatNumber(c, 2))).join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Every error note seen, per case, so a failing run says why. */
export function formatErrors(results) {
  const lines = [];
  for (const r of results) {
    if (r.errors === 0) continue;
    const notes = r.errorNotes.length > 0 ? r.errorNotes.join("; ") : "errors";
    lines.push(`- ${r.case} ${r.system}: ${r.errors} failed; ${notes}`);
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
