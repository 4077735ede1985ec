// `/console/queries`: every persistent stream SQL query (design/stream-sql.md) with its kind,
// state and output topic, each linking to its own page.
import type { QuerySummary } from "../../src/protocol/query-request.js";
import { get } from "../lib/api.js";
import { consoleLink, fill, h, table, text } from "../lib/dom.js";
import { keepFresh, section, startPage } from "../lib/layout.js";

const page = startPage("Queries", [
  ["Overview", []],
  ["Queries", ["queries"]],
]);
const list = section(page, "Persistent queries");

keepFresh(page, async () => {
  const { queries } = await get<{ queries: QuerySummary[] }>(["queries"]);
  fill(
    list,
    queries.length === 0
      ? h("p", { class: "muted" }, "No queries yet.")
      : table(
          "Persistent queries",
          [text("Query"), text("Kind"), text("State"), text("Output topic")],
          queries.map((q) => [
            text(consoleLink(q.name, "queries", q.name)),
            text(q.kind),
            text(h("span", { class: q.state === "failed" ? "bad" : undefined }, q.state)),
            text(consoleLink(q.outputTopic, "topics", q.outputTopic)),
          ]),
        ),
  );
});
