// `/console/topics/:t/partitions/:p?offset=`: the message browser. A page of records from an
// offset (offset, timestamp, key, headers, value with JSON pretty-printed), jumps to an offset, a
// time or the newest records, a filter by key or text, and a live tail over SSE. The URL always
// holds the page's first offset, so a reload or a pasted link opens the same records.
import { Edgelog } from "../../src/client/index.js";
import type { FetchedRecord, FetchResponse, OffsetsResponse } from "../../src/protocol/types.js";
import { ApiError, get, storedToken } from "../lib/api.js";
import { fill, h, num, table, text } from "../lib/dom.js";
import {
  formatCount,
  formatKey,
  formatTimestamp,
  formatValue,
  recordMatches,
} from "../lib/format.js";
import { pathSegments, section, startPage } from "../lib/layout.js";

/** Records a page shows: enough to scan, few enough to render at once. */
const PAGE_RECORDS = 50;
/** Records the live tail keeps on screen; older ones scroll away. */
const LIVE_RECORDS_MAX = 500;

const [, topic = "", , partitionText = "0"] = pathSegments();
const partition = Number(partitionText);
const page = startPage(`${topic} · partition ${partitionText}`, [
  ["Overview", []],
  [topic, ["topics", topic]],
  [`Partition ${partitionText}`, ["topics", topic, "partitions", partitionText]],
]);

let records: FetchedRecord[] = [];
let shown = { offset: 0, nextOffset: 0, highWatermark: 0, logStartOffset: 0 };
let tail: AbortController | null = null;

const status = h("p", { "aria-live": "polite" });
const filter = h("input", { type: "search", name: "filter", placeholder: "key or text" });
const live = h("input", { type: "checkbox", name: "live" });
const offsetInput = h("input", { type: "number", name: "offset", min: "0", required: true });
const timeInput = h("input", { type: "datetime-local", name: "time", step: "1", required: true });
const older = h("button", { type: "button" }, "Previous page");
const newer = h("button", { type: "button" }, "Next page");
const newest = h("button", { type: "button" }, "Newest");
const offsetForm = h(
  "form",
  { class: "inline", "aria-label": "Jump to an offset" },
  h("label", {}, "Offset", offsetInput),
  h("button", { type: "submit" }, "Go to offset"),
);
const timeForm = h(
  "form",
  { class: "inline", "aria-label": "Jump to a time" },
  h("label", {}, "Time (UTC)", timeInput),
  h("button", { type: "submit" }, "Go to time"),
);
const view = h(
  "form",
  { class: "inline", "aria-label": "View" },
  h("label", {}, "Filter by key or text", filter),
  h("label", {}, "Live tail", live),
  older,
  newer,
  newest,
);
const controls = section(page, "Browse");
controls.append(offsetForm, timeForm, view, status);
const list = section(page, "Records");

function render(): void {
  const matching = records.filter((r) => recordMatches(r, filter.value));
  const last = records.at(-1)?.offset;
  const span =
    last === undefined
      ? "no records"
      : `offsets ${formatCount(records[0]?.offset)}–${formatCount(last)}`;
  fill(
    status,
    `Showing ${span} (${formatCount(matching.length)} matching the filter). Log start ` +
      `${formatCount(shown.logStartOffset)}, high watermark ${formatCount(shown.highWatermark)}` +
      (tail === null ? "." : "; following new records live."),
  );
  older.disabled = shown.offset <= shown.logStartOffset;
  newer.disabled = tail !== null || shown.nextOffset >= shown.highWatermark;
  fill(
    list,
    table(
      `Records of ${topic} partition ${partitionText}`,
      [num("Offset"), text("Timestamp"), text("Key"), text("Headers"), text("Value")],
      matching.map((r) => [
        num(formatCount(r.offset)),
        text(formatTimestamp(r.timestamp)),
        text(formatKey(r)),
        text(
          h(
            "pre",
            {},
            Object.entries(r.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join("\n"),
          ),
        ),
        text(h("pre", {}, formatValue(r))),
      ]),
    ),
  );
}

/** Shows the page of records from `offset` and puts that offset in the URL. */
async function show(offset: number): Promise<void> {
  const read = await get<FetchResponse>(["topics", topic, "partitions", partition, "records"], {
    offset: String(offset),
    maxRecords: String(PAGE_RECORDS),
  });
  records = read.records;
  shown = { offset, ...read };
  offsetInput.value = String(offset);
  history.replaceState(null, "", `${location.pathname}?offset=${offset}`);
  render();
}

async function newestOffset(): Promise<number> {
  const offsets = await get<OffsetsResponse>(["topics", topic, "partitions", partition, "offsets"]);
  return Math.max(offsets.logStartOffset, offsets.highWatermark - PAGE_RECORDS);
}

/** Runs a user's action, showing its error (and clearing the last one). */
function act(action: () => Promise<void>): void {
  action().then(
    () => page.showError(null),
    (error: unknown) => page.showError(error),
  );
}

/** Follows the partition from the high watermark over SSE, appending what arrives. */
async function follow(signal: AbortSignal): Promise<void> {
  const token = storedToken();
  const client = new Edgelog({
    url: location.origin,
    ...(token === null ? {} : { token }),
    logLevel: "nothing",
  });
  for await (const batch of client.tail({
    topic,
    partition,
    offset: shown.highWatermark,
    signal,
  })) {
    records = [...records, ...batch.records].slice(-LIVE_RECORDS_MAX);
    shown = { ...shown, highWatermark: Math.max(shown.highWatermark, batch.nextOffset) };
    render();
  }
}

function stopTail(): void {
  tail?.abort();
  tail = null;
}

offsetForm.addEventListener("submit", (event) => {
  event.preventDefault();
  stopTail();
  live.checked = false;
  act(() => show(Number(offsetInput.value)));
});
timeForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const timestamp = Date.parse(`${timeInput.value}Z`);
  if (Number.isNaN(timestamp)) {
    page.showError(new ApiError("INVALID_REQUEST", "pick a date and time", 400));
    return;
  }
  stopTail();
  live.checked = false;
  act(async () => {
    const found = await get<OffsetsResponse>(
      ["topics", topic, "partitions", partition, "offsets"],
      {
        timestamp: String(timestamp),
      },
    );
    await show(found.offset ?? found.highWatermark);
  });
});
view.addEventListener("submit", (event) => event.preventDefault());
filter.addEventListener("input", render);
older.addEventListener("click", () =>
  act(() => show(Math.max(shown.logStartOffset, shown.offset - PAGE_RECORDS))),
);
newer.addEventListener("click", () => act(() => show(shown.nextOffset)));
newest.addEventListener("click", () => act(async () => show(await newestOffset())));
live.addEventListener("change", () => {
  if (!live.checked) {
    stopTail();
    render();
    return;
  }
  const controller = new AbortController();
  tail = controller;
  render();
  follow(controller.signal).then(
    () => page.showError(null),
    (error: unknown) => {
      if (controller.signal.aborted) return;
      page.showError(error);
      live.checked = false;
      stopTail();
      render();
    },
  );
});

const requested = new URLSearchParams(location.search).get("offset");
act(async () => {
  const offset = requested !== null && /^\d+$/.test(requested) ? Number(requested) : null;
  await show(offset ?? (await newestOffset()));
});
