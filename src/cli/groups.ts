// `edgelog groups list|describe|reset-offsets|delete`: kafka-consumer-groups.sh. `describe`
// shows each partition's committed offset, high watermark, lag (records and seconds) and owner
// (once, or redrawn with `--watch`); `reset-offsets` prints its plan and, with `--execute`,
// writes it (as Kafka's tool, a dry run by default).
import type { GroupDescription, ResetTarget } from "../client/index.js";
import type { GroupMemberDescription } from "../protocol/types.js";
import {
  type CliContext,
  type Command,
  flag,
  intOption,
  type OptionValues,
  positional,
  stringOption,
  subcommand,
  UsageError,
} from "./command.js";
import { type Cell, table } from "./format.js";
import { readablePartition } from "./readable-partition.js";
import {
  WATCH_INTERVAL_SEC_DEFAULT,
  WATCH_INTERVAL_SEC_MAX,
  WATCH_INTERVAL_SEC_MIN,
  watch,
  watchInterval,
} from "./watch.js";

const SUBCOMMANDS = ["list", "describe", "reset-offsets", "delete"] as const;

export const groupsCommand: Command = {
  summary: "list and describe consumer groups (lag), reset their offsets, delete them",
  usage: `edgelog groups list [--json]
edgelog groups describe <group> [--watch [--interval SECONDS]] [--json]
edgelog groups reset-offsets <group> --topic T
    (--to-earliest | --to-latest | --to-offset N | --to-datetime ISO-8601) [--execute]
edgelog groups delete <group>

describe lists every partition of the group's topics (those its members subscribe to, and those
it committed in): the committed offset (- where none is), the log start, the high watermark, the
lag (records from where the group resumes to the high watermark; the whole log where nothing is
committed), LAG-SEC (the age of the oldest record the group has not consumed; 0 without lag), the member that owns it with its client id and host, and STATUS: ok, or the error
code of a partition whose replicas are unreachable (- for what only its leader knows). --watch
redraws it every --interval seconds (default ${WATCH_INTERVAL_SEC_DEFAULT}, ${WATCH_INTERVAL_SEC_MIN} to ${WATCH_INTERVAL_SEC_MAX}) until Ctrl-C; into a pipe or file it
prints each snapshot after a blank line. reset-offsets works only while the group has no member;
without --execute it only prints the offsets it would write.`,
  options: {
    topic: { type: "string" },
    "to-earliest": { type: "boolean" },
    "to-latest": { type: "boolean" },
    "to-offset": { type: "string" },
    "to-datetime": { type: "string" },
    execute: { type: "boolean" },
    watch: { type: "boolean" },
    interval: { type: "string" },
  },

  async run(context, args, values) {
    const action = subcommand(args, SUBCOMMANDS);
    if (action === "list") return list(context);
    const group = positional(args, 1, "group");
    if (action === "describe") return describe(context, group, values);
    if (action === "reset-offsets") return resetOffsets(context, group, values);
    await context.admin.deleteGroup(group);
    await context.out.line(`deleted group ${group}`);
  },
};

async function list(context: CliContext): Promise<void> {
  const groups = await context.admin.listGroups();
  if (context.json) return context.out.line(JSON.stringify(groups));
  const rows = groups.map((g) => [g.groupId, g.state, g.members]);
  await context.out.line(table(["GROUP", "STATE", "MEMBERS"], rows));
}

async function describe(context: CliContext, groupId: string, values: OptionValues) {
  if (!flag(values, "watch")) {
    if (intOption(values, "interval") !== undefined) {
      throw new UsageError("--interval goes with --watch");
    }
    return showGroup(context, await context.admin.describeGroup(groupId));
  }
  await watch(context, watchInterval(values), async () => {
    const group = await context.admin.describeGroup(groupId);
    return { json: group, text: groupText(group) };
  });
}

async function showGroup(context: CliContext, group: GroupDescription): Promise<void> {
  await context.out.line(context.json ? JSON.stringify(group) : groupText(group));
}

/**
 * The summary line and one row per partition of the group's topics (as kafka-consumer-groups.sh
 * --describe): the committed offset (`-` where none is), log start, high watermark, lag, and the
 * member that owns it with its client id and host; members owning nothing get a row of their own.
 * STATUS is `ok`, or the error code of a partition whose leader could not be asked (its log
 * start, high watermark and lag `-`, its commit still shown).
 */
export function groupText(group: GroupDescription): string {
  const owners = new Map<string, ShownMember>();
  for (const member of group.members) {
    for (const { topic, partitions } of member.assignment) {
      for (const p of partitions) owners.set(`${topic}/${p}`, member);
    }
  }
  const rows: Cell[][] = group.offsets.map((o) => {
    const owner = owners.get(`${o.topic}/${o.partition}`);
    owners.delete(`${o.topic}/${o.partition}`);
    return [
      o.topic,
      o.partition,
      o.offset,
      o.logStartOffset,
      o.highWatermark,
      o.lag,
      lagSecondsText(o.lagSeconds),
      ...who(owner),
      o.error?.code ?? "ok",
    ];
  });
  // Partitions a member holds that the offsets do not list (a topic deleted under it).
  for (const [partition, owner] of owners) {
    const at = partition.lastIndexOf("/");
    const topic = partition.slice(0, at);
    const row: Cell[] = [topic, Number(partition.slice(at + 1)), null, null, null, null, null];
    row.push(...who(owner));
    rows.push([...row, null]);
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
  const idle = group.members.filter((m) => m.assignment.every((a) => a.partitions.length === 0));
  for (const member of idle) {
    rows.push([null, null, null, null, null, null, null, ...who(member), null]);
  }
  const summary =
    group.groupType === "classic"
      ? `Group: ${group.groupId}  state=${group.state}  generation=${group.generationId}  ` +
        `protocol=${group.protocolType}/${group.protocolName ?? "-"}  members=${group.members.length}`
      : `Group: ${group.groupId}  state=${group.state}  epoch=${group.groupEpoch}  ` +
        `assignor=${group.assignor}  members=${group.members.length}`;
  const headers = [
    "TOPIC",
    "PARTITION",
    "COMMITTED",
    "LOG-START",
    "HIGH-WATERMARK",
    "LAG",
    "LAG-SEC",
  ];
  return `${summary}\n\n${table([...headers, "OWNER", "CLIENT-ID", "HOST", "STATUS"], rows)}`;
}

/** Seconds to one decimal (whole ones from 100 s on); `-` where unknown. */
export function lagSecondsText(seconds: number | null | undefined): Cell {
  if (seconds === null || seconds === undefined) return null;
  return seconds >= 100 ? Math.round(seconds) : Math.round(seconds * 10) / 10;
}

/** A member's OWNER, CLIENT-ID and HOST cells (`-` for no member, or what it did not say). */
/** What the table shows of a member of either protocol. */
type ShownMember = Pick<
  GroupMemberDescription,
  "memberId" | "instanceId" | "clientId" | "host" | "assignment"
>;

function who(member: ShownMember | undefined): Cell[] {
  if (member === undefined) return [null, null, null];
  return [member.instanceId ?? member.memberId, member.clientId, member.host];
}

async function resetOffsets(context: CliContext, group: string, values: OptionValues) {
  const topic = stringOption(values, "topic");
  if (topic === undefined) throw new UsageError("reset-offsets needs --topic");
  const to = resetTarget(values);
  if (flag(values, "execute")) {
    const written = await context.admin.resetOffsets(group, topic, to);
    return showPlan(context, topic, written.offsets, null);
  }
  // The same choice the server makes, from each partition's offsets, without writing.
  const described = await context.admin.describeTopic(topic);
  const planned = await Promise.all(
    described.partitions.map(readablePartition).map(async (p) => {
      if (to === "earliest") return { partition: p.partition, offset: p.logStartOffset };
      if (to === "latest" || !("timestamp" in to)) {
        const wanted = to === "latest" ? p.highWatermark : to.offset;
        const offset = Math.min(Math.max(wanted, p.logStartOffset), p.highWatermark);
        return { partition: p.partition, offset };
      }
      const found = await context.admin.partitionOffsets(topic, p.partition, to.timestamp);
      return { partition: p.partition, offset: found.offset ?? found.highWatermark };
    }),
  );
  await showPlan(context, topic, planned, "dry run: add --execute to write these offsets");
}

async function showPlan(
  context: CliContext,
  topic: string,
  offsets: Array<{ partition: number; offset: number }>,
  /** What stderr adds under the table (a dry run says so); nothing once written. */
  note: string | null,
): Promise<void> {
  if (context.json) return context.out.line(JSON.stringify({ topic, offsets }));
  const rows = offsets.map((o) => [topic, o.partition, o.offset]);
  await context.out.line(table(["TOPIC", "PARTITION", "NEW-OFFSET"], rows));
  if (note !== null) context.out.note(note);
}

function resetTarget(values: OptionValues): ResetTarget {
  const targets: ResetTarget[] = [];
  if (flag(values, "to-earliest")) targets.push("earliest");
  if (flag(values, "to-latest")) targets.push("latest");
  const offset = intOption(values, "to-offset");
  if (offset !== undefined) targets.push({ offset });
  const datetime = stringOption(values, "to-datetime");
  if (datetime !== undefined) {
    const timestamp = Date.parse(datetime);
    if (Number.isNaN(timestamp) || timestamp < 0) {
      throw new UsageError(`--to-datetime must be an ISO-8601 date and time, not "${datetime}"`);
    }
    targets.push({ timestamp });
  }
  const [target, ...more] = targets;
  if (target === undefined || more.length > 0) {
    throw new UsageError("give one of --to-earliest, --to-latest, --to-offset, --to-datetime");
  }
  return target;
}
