// `/console/groups/:g`: the group's state, members and their assignment; per partition the
// committed offset, high watermark and lag; lag over time as a chart; and an offsets reset that
// shows its plan first (a dry run, as the CLI) and writes it only when asked, while the group is
// empty.
import type {
  GroupDescription,
  GroupMemberDescription,
  OffsetsResponse,
  TopicDescription,
  TopicPartitions,
} from "../../src/protocol/types.js";
import { ApiError, api, get } from "../lib/api.js";
import { TimeChart } from "../lib/chart.js";
import { consoleLink, fill, h, num, table, text } from "../lib/dom.js";
import { formatCount, formatTimestamp, UNKNOWN } from "../lib/format.js";
import { type LagSample, lagSeries, lagSummary } from "../lib/history.js";
import { keepFresh, pathSegments, section, startPage } from "../lib/layout.js";
import { mapLimited } from "../lib/limited.js";
import { plannedOffset, type ResetTarget } from "../lib/reset-plan.js";

/** The chart's span: the last hour of the coordinator's samples. */
const CHART_MINUTES = 60;

const [, groupId = ""] = pathSegments();
const page = startPage(`Group ${groupId}`, [
  ["Overview", []],
  [groupId, ["groups", groupId]],
]);
const summary = section(page, "State");
const membersView = section(page, "Members");
const lagView = section(page, "Lag per partition");
const chart = new TimeChart("Lag in records per topic, last hour", "records", CHART_MINUTES * 60);
section(page, "Lag over time").append(chart.element);
const resetView = section(page, "Reset offsets");

function assignmentText(assignment: TopicPartitions[]): string {
  if (assignment.length === 0) return UNKNOWN;
  return assignment.map((a) => `${a.topic}: ${a.partitions.join(", ")}`).join("; ");
}

/** What the page shows of a member of either protocol (KIP-848 or classic). */
type ShownMember = Pick<GroupMemberDescription, "memberId" | "instanceId" | "assignment">;

function ownerOf(members: ShownMember[], topic: string, partition: number): string {
  const owner = members.find((m) =>
    m.assignment.some((a) => a.topic === topic && a.partitions.includes(partition)),
  );
  return owner === undefined ? UNKNOWN : (owner.instanceId ?? owner.memberId);
}

function render(group: GroupDescription): void {
  const facts = h("dl", { class: "facts" });
  const fact = (name: string, value: string) => facts.append(h("dt", {}, name), h("dd", {}, value));
  fact("state", group.state);
  if (group.groupType === "classic") {
    fact("generation", formatCount(group.generationId));
    fact("protocol", `${group.protocolType}/${group.protocolName ?? UNKNOWN}`);
  } else {
    fact("group epoch", formatCount(group.groupEpoch));
    fact("assignor", group.assignor);
  }
  fact("members", formatCount(group.members.length));
  fact("total lag (records)", formatCount(group.offsets.reduce((s, o) => s + (o.lag ?? 0), 0)));
  fill(summary, facts);
  fill(
    membersView,
    group.members.length === 0
      ? h("p", { class: "muted" }, "No members.")
      : table(
          "Members",
          [text("Member"), text("Client id"), text("Host"), text("Assignment")],
          group.members.map((m) => [
            text(m.instanceId ?? m.memberId),
            text(m.clientId ?? UNKNOWN),
            text(m.host ?? UNKNOWN),
            text(assignmentText(m.assignment)),
          ]),
        ),
  );
  fill(
    lagView,
    table(
      "Committed offsets and lag",
      [
        text("Topic"),
        num("Partition"),
        num("Committed"),
        num("High watermark"),
        num("Lag"),
        text("Owner"),
      ],
      group.offsets.map((o) => [
        text(consoleLink(o.topic, "topics", o.topic)),
        num(consoleLink(String(o.partition), "topics", o.topic, "partitions", o.partition)),
        num(formatCount(o.offset)),
        num(formatCount(o.highWatermark)),
        num(o.error === undefined ? formatCount(o.lag) : `${UNKNOWN} (${o.error.code})`),
        text(ownerOf(group.members, o.topic, o.partition)),
      ]),
    ),
  );
}

// The reset form is built once (a refresh must not wipe what a person typed); refreshes only
// update its topics and whether it may run.
const topicSelect = h("select", { name: "topic", required: true });
const targetSelect = h(
  "select",
  { name: "to" },
  h("option", { value: "earliest" }, "earliest"),
  h("option", { value: "latest" }, "latest"),
  h("option", { value: "offset" }, "offset"),
  h("option", { value: "timestamp" }, "time (UTC)"),
);
const valueInput = h("input", { name: "value", placeholder: "offset, or 2026-12-05T10:00:00" });
const dryRun = h("button", { type: "submit" }, "Dry run");
const execute = h("button", { type: "button", disabled: true }, "Execute reset");
const note = h("p", { class: "muted" });
const plan = h("div", { "aria-live": "polite" });
const form = h(
  "form",
  { class: "inline", "aria-label": "Reset offsets" },
  h("label", {}, "Topic", topicSelect),
  h("label", {}, "Reset to", targetSelect),
  h("label", {}, "Offset or time", valueInput),
  dryRun,
  execute,
);
fill(resetView, note, form, plan);
let planned: { topic: string; to: ResetTarget } | null = null;

function updateForm(group: GroupDescription): void {
  const topics = [...new Set(group.offsets.map((o) => o.topic))].sort();
  const current = [...topicSelect.options].map((o) => o.value);
  if (current.join("\n") !== topics.join("\n")) {
    fill(topicSelect, ...topics.map((t) => h("option", { value: t }, t)));
  }
  const empty = group.members.length === 0;
  dryRun.disabled = !empty || topics.length === 0;
  if (!empty) execute.disabled = true;
  fill(
    note,
    empty
      ? "The group has no members: its offsets may be reset. A dry run shows what would be written."
      : "Offsets can be reset only while the group has no members (GROUP_NOT_EMPTY otherwise).",
  );
}

function target(): ResetTarget {
  const kind = targetSelect.value;
  if (kind === "earliest" || kind === "latest") return kind;
  const value = valueInput.value.trim();
  if (kind === "offset" && /^\d+$/.test(value)) return { offset: Number(value) };
  const timestamp = Date.parse(value.endsWith("Z") ? value : `${value}Z`);
  if (kind === "timestamp" && !Number.isNaN(timestamp) && timestamp >= 0) return { timestamp };
  throw new ApiError("INVALID_REQUEST", `"${value}" is not a valid ${kind}`, 400);
}

function showPlan(caption: string, rows: Array<{ partition: number; offset: number }>): void {
  fill(
    plan,
    table(
      caption,
      [num("Partition"), num("New offset")],
      rows.map((r) => [num(r.partition), num(formatCount(r.offset))]),
    ),
  );
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void (async () => {
    const topic = topicSelect.value;
    const to = target();
    const described = await get<TopicDescription>(["topics", topic]);
    const query: Record<string, string> =
      typeof to === "object" && "timestamp" in to ? { timestamp: String(to.timestamp) } : {};
    const rows = await mapLimited(described.partitions, async (p) => {
      const path = ["topics", topic, "partitions", p.partition, "offsets"];
      const offsets = await get<OffsetsResponse>(path, query);
      return { partition: p.partition, offset: plannedOffset(to, offsets) };
    });
    planned = { topic, to };
    const when =
      typeof to === "object" && "timestamp" in to ? ` (${formatTimestamp(to.timestamp)})` : "";
    showPlan(`Dry run for ${topic}${when}: nothing written yet`, rows);
    execute.disabled = false;
  })().then(
    () => page.showError(null),
    (error: unknown) => page.showError(error),
  );
});

// A changed form no longer matches the plan shown: a new dry run comes before any write.
form.addEventListener("input", () => {
  planned = null;
  execute.disabled = true;
});

execute.addEventListener("click", () => {
  const request = planned;
  if (request === null) return;
  execute.disabled = true;
  api<{ offsets: Array<{ partition: number; offset: number }> }>(
    "POST",
    `/v1/groups/${encodeURIComponent(groupId)}/offsets/reset`,
    request,
  ).then(
    (written) => {
      planned = null;
      showPlan(`Written for ${request.topic}`, written.offsets);
      page.showError(null);
      refresh();
    },
    (error: unknown) => page.showError(error),
  );
});

const refresh = keepFresh(page, async () => {
  const group = await get<GroupDescription>(["groups", groupId]);
  render(group);
  updateForm(group);
  const history = await get<{ samples: LagSample[] }>(["groups", groupId, "lag-history"], {
    minutes: String(CHART_MINUTES),
  });
  const lag = lagSeries(history.samples);
  chart.update(lag.seconds, lag.series, lagSummary(history.samples));
});
