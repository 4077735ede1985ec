// The topic page's push subscriptions (design/delivery.md): per subscription its endpoint, state
// and counts, a pause or resume button, and per partition the next offset to deliver, the high
// watermark, lag, failed attempts at the batch in flight and the last error.
import type { SubscriptionDescription } from "../../src/protocol/subscription-description.js";
import { api, get } from "./api.js";
import { fill, h, num, table, text } from "./dom.js";
import { formatCount, UNKNOWN } from "./format.js";
import { type Page, section } from "./layout.js";

function partitionsTable(s: SubscriptionDescription): HTMLTableElement {
  return table(
    `Partitions of subscription ${s.name}`,
    [
      num("Partition"),
      num("Delivered offset"),
      num("High watermark"),
      num("Lag"),
      num("Attempts"),
      text("Last error"),
    ],
    s.partitions.map((p) => [
      num(p.partition),
      num(formatCount(p.deliveredOffset)),
      num(formatCount(p.highWatermark)),
      num(formatCount(p.lagRecords)),
      num(h("span", { class: p.attempts > 0 ? "bad" : undefined }, formatCount(p.attempts))),
      text(p.lastError ?? UNKNOWN),
    ]),
  );
}

/**
 * Adds the "Subscriptions" section to the page; the returned function reads and shows the
 * topic's subscriptions (for the page's refresh loop).
 */
export function subscriptionsView(page: Page, topic: string): () => Promise<void> {
  const body = section(page, "Subscriptions");
  const path = (name: string, action: string) =>
    `/v1/topics/${encodeURIComponent(topic)}/subscriptions/${encodeURIComponent(name)}/${action}`;

  const view = (s: SubscriptionDescription): HTMLElement => {
    const paused = s.state === "paused";
    const action = paused ? "resume" : "pause";
    const button = h(
      "button",
      { type: "button", "aria-label": `${paused ? "Resume" : "Pause"} subscription ${s.name}` },
      paused ? "Resume" : "Pause",
    );
    button.addEventListener("click", () => {
      button.disabled = true;
      api<SubscriptionDescription>("POST", path(s.name, action)).then(
        (changed) => {
          element.replaceWith(view(changed));
          page.showError(null);
        },
        (error: unknown) => {
          button.disabled = false;
          page.showError(error);
        },
      );
    });
    const facts = h("dl", { class: "facts" });
    const fact = (name: string, value: Node | string) =>
      facts.append(h("dt", {}, name), h("dd", {}, value));
    fact("state", h("span", { class: s.state === "failing" ? "bad" : undefined }, s.state));
    fact("url", s.config.url);
    fact("delivered (records)", formatCount(s.delivered));
    fact("dead-lettered (records)", formatCount(s.deadLettered));
    const element = h(
      "article",
      { "aria-label": `Subscription ${s.name}` },
      h("h3", {}, s.name),
      facts,
      h("p", {}, button),
      partitionsTable(s),
    );
    return element;
  };

  return async () => {
    const { subscriptions } = await get<{ subscriptions: SubscriptionDescription[] }>([
      "topics",
      topic,
      "subscriptions",
    ]);
    fill(
      body,
      subscriptions.length === 0
        ? h("p", { class: "muted" }, "No subscriptions.")
        : h("div", {}, ...subscriptions.map(view)),
    );
  };
}
