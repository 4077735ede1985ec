// `/console/topics/:t`: the topic's config; per partition its leader, epoch, replicas, ISR,
// offsets and stored bytes; records/s in and out over the last hour as a chart.
import type { ActivityMinute, TopicConfig, TopicDescription } from "../../src/protocol/types.js";
import { get } from "../lib/api.js";
import { TimeChart } from "../lib/chart.js";
import { consoleLink, fill, h, num, table, text } from "../lib/dom.js";
import { formatBytes, formatCount, UNKNOWN } from "../lib/format.js";
import { activityRates, activitySummary } from "../lib/history.js";
import { keepFresh, pathSegments, section, startPage } from "../lib/layout.js";
import { subscriptionsView } from "../lib/subscriptions-view.js";

/** The chart's span: the last hour, a point a minute (the history's resolution). */
const CHART_MINUTES = 60;

function configView(config: TopicConfig): HTMLElement {
  const facts = h("dl", { class: "facts" });
  for (const [name, value] of Object.entries(config)) {
    const shown = Array.isArray(value)
      ? value.join(", ")
      : typeof value === "number"
        ? formatCount(value)
        : String(value);
    facts.append(h("dt", {}, name), h("dd", {}, shown));
  }
  return facts;
}

function partitionsView(topic: TopicDescription): HTMLTableElement {
  const replicas = (list: number[]) => list.join(", ");
  return table(
    "Partitions",
    [
      text("Partition"),
      num("Leader"),
      num("Epoch"),
      text("Replicas"),
      text("ISR"),
      num("Log start"),
      num("High watermark"),
      num("Log end"),
      num("Stored"),
    ],
    topic.partitions.map((p) => [
      text(
        consoleLink(`Partition ${p.partition}`, "topics", topic.name, "partitions", p.partition),
      ),
      num(p.leader),
      num(formatCount(p.leaderEpoch)),
      text(replicas(p.replicas)),
      text(
        h("span", { class: p.isr.length < p.replicas.length ? "bad" : undefined }, replicas(p.isr)),
      ),
      num(formatCount(p.logStartOffset)),
      num(formatCount(p.highWatermark)),
      num(formatCount(p.logEndOffset)),
      num(p.error === undefined ? formatBytes(p.storage.bytes) : `${UNKNOWN} (${p.error.code})`),
    ]),
  );
}

const [, name = ""] = pathSegments();
const page = startPage(`Topic ${name}`, [
  ["Overview", []],
  [name, ["topics", name]],
]);
const partitions = section(page, "Partitions");
const activity = section(page, "Records per second, last hour");
const chart = new TimeChart(
  "Records per second in and out, per minute",
  "records/s",
  CHART_MINUTES * 60,
);
activity.append(chart.element);
const config = section(page, "Configuration");
const subscriptions = subscriptionsView(page, name);

// The partitions first: a history that cannot be read still leaves them on the page.
keepFresh(page, async () => {
  const topic = await get<TopicDescription>(["topics", name]);
  fill(partitions, partitionsView(topic));
  fill(config, configView(topic.config));
  const history = await get<{ minutes: ActivityMinute[] }>(["topics", name, "activity"], {
    minutes: String(CHART_MINUTES),
  });
  const rates = activityRates(history.minutes, Date.now(), CHART_MINUTES);
  chart.update(rates.seconds, rates.series, activitySummary(history.minutes, CHART_MINUTES));
  await subscriptions();
});
