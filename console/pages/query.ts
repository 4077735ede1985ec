// `/console/queries/:name`: one persistent query: its statement, state and last error; per
// input partition its offset, lag and counts; and for a table a pull query of its rows, charted
// per group over its windows when the table is windowed (the measure chosen in `?measure=`).
import type {
  PullQueryAnswer,
  QueryDescription,
  QuerySummary,
} from "../../src/protocol/query-request.js";
import { ApiError, api, get } from "../lib/api.js";
import { TimeChart } from "../lib/chart.js";
import { consoleLink, fill, h, num, table, text } from "../lib/dom.js";
import { formatCount, formatTimestamp } from "../lib/format.js";
import { keepFresh, pathSegments, section, startPage } from "../lib/layout.js";
import { isWindowed, newestRows, numericColumns, windowSeries } from "../lib/table-rows.js";

/** The chart's span: the last hour of windows. */
const CHART_MINUTES = 60;
/** Rows shown in the table below the chart (the chart draws them all). */
const ROWS_SHOWN_MAX = 50;

const [, name = ""] = pathSegments();
const page = startPage(`Query ${name}`, [
  ["Overview", []],
  ["Queries", ["queries"]],
  [name, ["queries", name]],
]);
const about = section(page, "Query");
const progress = section(page, "Input partitions");
let rowsView: HTMLElement | null = null;
let chartView: HTMLElement | null = null;
let chart: TimeChart | null = null;
const measure = h("select", { id: "measure" });
measure.addEventListener("change", () => {
  const url = new URL(location.href);
  url.searchParams.set("measure", measure.value);
  history.replaceState(null, "", url);
  refresh();
});

function aboutView(query: QueryDescription): HTMLElement {
  const facts = h("dl", { class: "facts" });
  const fact = (label: string, value: Node | string) =>
    facts.append(h("dt", {}, label), h("dd", {}, value));
  fact("state", h("span", { class: query.state === "failed" ? "bad" : undefined }, query.state));
  fact("kind", query.kind);
  fact("output topic", consoleLink(query.outputTopic, "topics", query.outputTopic));
  fact("statement", h("pre", {}, query.sql));
  if (query.lastError !== undefined)
    fact("last error", h("span", { class: "bad" }, query.lastError));
  return facts;
}

function progressView(query: QueryDescription): HTMLTableElement {
  return table(
    "Input partitions",
    [
      text("Partition"),
      num("Offset"),
      num("Lag (records)"),
      num("Records in"),
      num("Records out"),
      num("Late dropped"),
      num("Errors"),
      num("Skipped (retention)"),
    ],
    query.partitions.map((p) => [
      text(String(p.partition)),
      num(formatCount(p.offset)),
      num(formatCount(p.lagRecords)),
      num(formatCount(p.recordsIn)),
      num(formatCount(p.recordsOut)),
      num(formatCount(p.lateRecordsDropped)),
      num(formatCount(p.errors)),
      num(formatCount(p.recordsSkipped)),
    ]),
  );
}

function cellOf(column: string, value: unknown): string {
  if ((column === "WINDOWSTART" || column === "WINDOWEND") && typeof value === "number") {
    return formatTimestamp(value);
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function rowsTable(answer: PullQueryAnswer): HTMLTableElement {
  return table(
    "Rows",
    answer.columns.map((c) => text(c)),
    newestRows(answer, ROWS_SHOWN_MAX).map((row) =>
      row.map((value, i) => {
        const column = answer.columns[i] ?? "";
        const shown = cellOf(column, value);
        return typeof value === "number" && !column.startsWith("WINDOW") ? num(shown) : text(shown);
      }),
    ),
  );
}

/** The measure select keeps the columns a chart can draw, the URL's choice or the first. */
function chosenMeasure(columns: string[]): string | null {
  const wanted = new URL(location.href).searchParams.get("measure");
  const current = [...measure.options].map((o) => o.value);
  if (current.join("\n") !== columns.join("\n")) {
    fill(measure, ...columns.map((c) => h("option", { value: c }, c)));
  }
  const choice = wanted !== null && columns.includes(wanted) ? wanted : (columns[0] ?? null);
  if (choice !== null) measure.value = choice;
  return choice;
}

async function showTable(answer: PullQueryAnswer): Promise<void> {
  if (isWindowed(answer)) {
    if (chartView === null) {
      chartView = section(page, "Rows per window, last hour");
      chart = new TimeChart("Table rows per window start, per group", "value", CHART_MINUTES * 60);
      chartView.append(
        h("form", { class: "inline", "aria-label": "Chart" }, h("label", {}, "Measure", measure)),
        chart.element,
      );
    }
    const column = chosenMeasure(numericColumns(answer));
    if (chart !== null) {
      if (column === null) chart.update([], [], "No numeric column to chart.");
      else {
        const drawn = windowSeries(answer, column);
        chart.update(drawn.seconds, drawn.series, drawn.summary);
      }
    }
  }
  if (rowsView === null) rowsView = section(page, "Rows");
  fill(
    rowsView,
    answer.rows.length === 0 ? h("p", { class: "muted" }, "No rows yet.") : rowsTable(answer),
  );
}

const refresh = keepFresh(page, async () => {
  const { queries } = await get<{ queries: QuerySummary[] }>(["queries"]);
  const found = queries.find((q) => q.name === name);
  if (found === undefined) {
    throw new ApiError("QUERY_NOT_FOUND", `no query named ${name}`, 404);
  }
  const query = await get<QueryDescription>(["queries", found.id]);
  fill(about, aboutView(query));
  fill(progress, progressView(query));
  if (query.kind === "table") {
    // The table's current state: the pull query any client would send (names need no quoting
    // but take backticks, as topic names may hold `-` and `.`).
    const answer = await api<PullQueryAnswer>("POST", "/v1/query", {
      sql: `SELECT * FROM \`${query.outputTopic}\``,
    });
    await showTable(answer);
  }
});
