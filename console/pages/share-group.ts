// `/console/share-groups/:g`: a share group's config and, per share partition, its start offset
// (below it everything is accepted or archived), end (the high watermark), records leased,
// available and archived, and its lag: leased plus available, as the API counts it.
import type {
  ShareGroupConfig,
  ShareGroupDescription,
  SharePartitionDescription,
} from "../../src/protocol/share-group-request.js";
import { get } from "../lib/api.js";
import { consoleLink, fill, h, num, table, text } from "../lib/dom.js";
import { formatCount } from "../lib/format.js";
import { keepFresh, pathSegments, section, startPage } from "../lib/layout.js";

const [, groupId = ""] = pathSegments();
const page = startPage(`Share group ${groupId}`, [
  ["Overview", []],
  ["Share groups", ["share-groups"]],
  [groupId, ["share-groups", groupId]],
]);
const summary = section(page, "Summary");
const partitionsView = section(page, "Share partitions");
const configView = section(page, "Configuration");

function configFacts(config: ShareGroupConfig): HTMLElement {
  const facts = h("dl", { class: "facts" });
  const fact = (name: string, value: Node | string) =>
    facts.append(h("dt", {}, name), h("dd", {}, value));
  const links = (topics: string[]) =>
    h("span", {}, ...topics.flatMap((t, i) => [i > 0 ? ", " : null, consoleLink(t, "topics", t)]));
  fact("topics", links(config.topics));
  fact("startAt", config.startAt);
  fact("leaseMs", formatCount(config.leaseMs));
  fact("maxDeliveryAttempts", formatCount(config.maxDeliveryAttempts));
  fact(
    "deadLetterTopic",
    config.deadLetterTopic === undefined ? "none" : links([config.deadLetterTopic]),
  );
  return facts;
}

function render(group: ShareGroupDescription): void {
  const facts = h("dl", { class: "facts" });
  const sum = (pick: (p: SharePartitionDescription) => number) =>
    formatCount(group.partitions.reduce((s, p) => s + pick(p), 0));
  facts.append(
    h("dt", {}, "lag (records)"),
    h("dd", {}, formatCount(group.lagRecords)),
    h("dt", {}, "leased"),
    h(
      "dd",
      {},
      sum((p) => p.leased),
    ),
    h("dt", {}, "archived"),
    h(
      "dd",
      {},
      sum((p) => p.archived),
    ),
  );
  fill(summary, facts);
  fill(
    partitionsView,
    table(
      "Share partitions",
      [
        text("Topic"),
        num("Partition"),
        num("Start offset"),
        num("End offset"),
        num("Leased"),
        num("Available"),
        num("Archived"),
        num("Lag"),
      ],
      group.partitions.map((p) => [
        text(consoleLink(p.topic, "topics", p.topic)),
        num(consoleLink(String(p.partition), "topics", p.topic, "partitions", p.partition)),
        num(formatCount(p.startOffset)),
        num(formatCount(p.endOffset)),
        num(formatCount(p.leased)),
        num(formatCount(p.available)),
        num(formatCount(p.archived)),
        num(formatCount(p.leased + p.available)),
      ]),
    ),
  );
  fill(configView, configFacts(group.config));
}

keepFresh(page, async () => {
  render(await get<ShareGroupDescription>(["share-groups", groupId]));
});
