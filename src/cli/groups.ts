// `edgelog groups list|describe|reset-offsets|delete`: kafka-consumer-groups.sh. `describe`
// shows each partition's committed offset, high watermark, lag and owner (once, or redrawn with
// `--watch`); `reset-offsets`
// prints its plan and, with `--execute`, writes it (as Kafka's tool, a dry run by default).
import type { GroupDescription, ResetTarget } from "../client/index.js";
import { sleep } from "../client/retry.js";
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

const SUBCOMMANDS = ["list", "describe", "reset-offsets", "delete"] as const;

/** `describe --watch`: how often it redraws, and the bounds a person would ask for. */
const WATCH_INTERVAL_SEC_DEFAULT = 2;
const WATCH_INTERVAL_SEC_MIN = 1;
const WATCH_INTERVAL_SEC_MAX = 3_600;

/** Cursor home, then erase the screen: a terminal redraw, as watch(1) does. */
const CLEAR_SCREEN = "\u001b[H\u001b[2J";

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
committed), the member that owns it with its client id and host, and STATUS: ok, or the error
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
  const intervalSec = intOption(values, "interval");
  if (!flag(values, "watch")) {
    if (intervalSec !== undefined) throw new UsageError("--interval goes with --watch");
    return showGroup(context, await context.admin.describeGroup(groupId));
  }
  const everySec = intervalSec ?? WATCH_INTERVAL_SEC_DEFAULT;
  if (everySec < WATCH_INTERVAL_SEC_MIN || everySec > WATCH_INTERVAL_SEC_MAX) {
    throw new UsageError(
      `--interval must be ${WATCH_INTERVAL_SEC_MIN} to ${WATCH_INTERVAL_SEC_MAX} seconds`,
    );
  }
  const { out, signal } = context;
  // Until Ctrl-C (a clean stop, exit 0) or a closed stdout.
  for (let shown = 0; !signal.aborted && !out.isClosed; shown++) {
    const group = await context.admin.describeGroup(groupId);
    if (signal.aborted) return;
    if (context.json) {
      await out.line(JSON.stringify(group));
    } else if (out.isTerminal) {
      // Redrawn in place, as watch(1) does: home the cursor, clear, then the new snapshot.
      const header = `Every ${everySec} s (Ctrl-C to stop)  ${new Date().toISOString()}\n`;
      await out.line(`${CLEAR_SCREEN}${header}\n${groupText(group)}`);
    } else {
      // A pipe or a file keeps every snapshot, a blank line between two.
      await out.line(`${shown > 0 ? "\n" : ""}${groupText(group)}`);
    }
    await sleep(everySec * 1_000, signal);
  }
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
      ...who(owner),
      o.error?.code ?? "ok",
    ];
  });
  // Partitions a member holds that the offsets do not list (a topic deleted under it).
  for (const [partition, owner] of owners) {
    const at = partition.lastIndexOf("/");
    const topic = partition.slice(0, at);
    const row = [topic, Number(partition.slice(at + 1)), null, null, null, null, ...who(owner)];
    rows.push([...row, null]);
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
  const idle = group.members.filter((m) => m.assignment.every((a) => a.partitions.length === 0));
  for (const member of idle) rows.push([null, null, null, null, null, null, ...who(member), null]);
  const summary =
    group.groupType === "classic"
      ? `Group: ${group.groupId}  state=${group.state}  generation=${group.generationId}  ` +
        `protocol=${group.protocolType}/${group.protocolName ?? "-"}  members=${group.members.length}`
      : `Group: ${group.groupId}  state=${group.state}  epoch=${group.groupEpoch}  ` +
        `assignor=${group.assignor}  members=${group.members.length}`;
  const headers = ["TOPIC", "PARTITION", "COMMITTED", "LOG-START", "HIGH-WATERMARK", "LAG"];
  return `${summary}\n\n${table([...headers, "OWNER", "CLIENT-ID", "HOST", "STATUS"], rows)}`;
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
