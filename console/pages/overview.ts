// `/console`: every topic (partitions, replication, under-replicated partitions, records/s) and
// every group (state, members, total lag), with cluster totals. Records/s is the growth of the
// topic's high watermarks between two refreshes: live at the page's own pace, and nothing to ask
// beyond the description the row needs anyway.
import type {
  GroupOffset,
  GroupSummary,
  TopicDescription,
  TopicSummary,
} from "../../src/protocol/types.js";
import { get } from "../lib/api.js";
import { consoleLink, fill, h, num, table, text } from "../lib/dom.js";
import { formatCount, formatRate } from "../lib/format.js";
import { keepFresh, section, startPage } from "../lib/layout.js";
import { mapLimited } from "../lib/limited.js";

interface TopicRow {
  name: string;
  partitions: number;
  replicationFactor: number;
  underReplicated: number;
  /** Null until a second refresh gives a time span. */
  recordsPerSecond: number | null;
}

type GroupRow = GroupSummary & { lag: number };

/** Each topic's summed high watermarks at the last refresh, keyed by topic id. */
const lastSeen = new Map<string, { records: number; atMs: number }>();

async function topicRow(topic: TopicSummary): Promise<TopicRow> {
  const described = await get<TopicDescription>(["topics", topic.name]);
  const records = described.partitions.reduce((sum, p) => sum + (p.highWatermark ?? 0), 0);
  const atMs = Date.now();
  const before = lastSeen.get(described.topicId);
  lastSeen.set(described.topicId, { records, atMs });
  const rate =
    before === undefined || atMs <= before.atMs
      ? null
      : (Math.max(0, records - before.records) * 1000) / (atMs - before.atMs);
  return {
    name: topic.name,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    underReplicated: described.partitions.filter((p) => p.isr.length < p.replicas.length).length,
    recordsPerSecond: rate,
  };
}

async function groupRow(group: GroupSummary): Promise<GroupRow> {
  const { offsets } = await get<{ offsets: GroupOffset[] }>(["groups", group.groupId, "offsets"]);
  return { ...group, lag: offsets.reduce((sum, o) => sum + (o.lag ?? 0), 0) };
}

function totalsView(topics: TopicRow[], groups: GroupRow[]): HTMLElement {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const rates = topics.map((t) => t.recordsPerSecond);
  const total = (label: string, value: string) => h("div", {}, h("strong", {}, value), label);
  return h(
    "div",
    { class: "totals" },
    total("topics", formatCount(topics.length)),
    total("partitions", formatCount(sum(topics.map((t) => t.partitions)))),
    total("under-replicated partitions", formatCount(sum(topics.map((t) => t.underReplicated)))),
    total(
      "records/s in",
      formatRate(rates.some((r) => r === null) ? null : sum(rates as number[])),
    ),
    total("groups", formatCount(groups.length)),
    total("total lag (records)", formatCount(sum(groups.map((g) => g.lag)))),
  );
}

const page = startPage("Overview", [["Overview", []]]);
const totals = section(page, "Totals");
const topicsView = section(page, "Topics");
const groupsView = section(page, "Consumer groups");

keepFresh(page, async () => {
  const [{ topics }, { groups }] = await Promise.all([
    get<{ topics: TopicSummary[] }>(["topics"]),
    get<{ groups: GroupSummary[] }>(["groups"]),
  ]);
  const [topicRows, groupRows] = await Promise.all([
    mapLimited(topics, topicRow),
    mapLimited(groups, groupRow),
  ]);
  fill(totals, totalsView(topicRows, groupRows));
  fill(
    topicsView,
    topicRows.length === 0
      ? h("p", { class: "muted" }, "No topics yet.")
      : table(
          "Topics",
          [text("Topic"), num("Partitions"), num("RF"), num("Under-replicated"), num("Records/s")],
          topicRows.map((t) => [
            text(consoleLink(t.name, "topics", t.name)),
            num(formatCount(t.partitions)),
            num(formatCount(t.replicationFactor)),
            num(
              h(
                "span",
                { class: t.underReplicated > 0 ? "bad" : undefined },
                formatCount(t.underReplicated),
              ),
            ),
            num(formatRate(t.recordsPerSecond)),
          ]),
        ),
  );
  fill(
    groupsView,
    groupRows.length === 0
      ? h("p", { class: "muted" }, "No consumer groups yet.")
      : table(
          "Consumer groups",
          [text("Group"), text("State"), num("Members"), num("Total lag")],
          groupRows.map((g) => [
            text(consoleLink(g.groupId, "groups", g.groupId)),
            text(g.state),
            num(formatCount(g.members)),
            num(formatCount(g.lag)),
          ]),
        ),
  );
});
