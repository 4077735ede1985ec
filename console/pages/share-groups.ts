// `/console/share-groups`: every share group (design/delivery.md) with its topics and lag, the
// records neither accepted nor archived yet; each links to its page.
import { get } from "../lib/api.js";
import { consoleLink, fill, h, num, table, text } from "../lib/dom.js";
import { formatCount } from "../lib/format.js";
import { keepFresh, section, startPage } from "../lib/layout.js";

/** A row of `GET /v1/share-groups`. */
interface ShareGroupSummary {
  groupId: string;
  topics: string[];
  lagRecords: number;
}

const page = startPage("Share groups", [
  ["Overview", []],
  ["Share groups", ["share-groups"]],
]);
const list = section(page, "Share groups");

keepFresh(page, async () => {
  const { groups } = await get<{ groups: ShareGroupSummary[] }>(["share-groups"]);
  fill(
    list,
    groups.length === 0
      ? h("p", { class: "muted" }, "No share groups yet.")
      : table(
          "Share groups",
          [text("Group"), text("Topics"), num("Lag (records)")],
          groups.map((g) => [
            text(consoleLink(g.groupId, "share-groups", g.groupId)),
            text(
              h(
                "span",
                {},
                ...g.topics.flatMap((t, i) => [i > 0 ? ", " : null, consoleLink(t, "topics", t)]),
              ),
            ),
            num(formatCount(g.lagRecords)),
          ]),
        ),
  );
});
