// `edgelog groups list|describe|reset-offsets|delete`: kafka-consumer-groups.sh. `describe`
// shows each partition's committed offset, high watermark, lag and owner; `reset-offsets`
// prints its plan and, with `--execute`, writes it (as Kafka's tool, a dry run by default).
import type { ResetTarget } from "../client/index.js";
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
import { table } from "./format.js";
import { readablePartition } from "./readable-partition.js";

const SUBCOMMANDS = ["list", "describe", "reset-offsets", "delete"] as const;

export const groupsCommand: Command = {
  summary: "list and describe consumer groups (lag), reset their offsets, delete them",
  usage: `edgelog groups list [--json]
edgelog groups describe <group> [--json]
edgelog groups reset-offsets <group> --topic T
    (--to-earliest | --to-latest | --to-offset N | --to-datetime ISO-8601) [--execute]
edgelog groups delete <group>

describe lists every partition the group has committed or holds: the committed offset, the log
start, the high watermark, the lag (records from where the group resumes to the high watermark)
and the member that owns it. reset-offsets works only while the group has no member; without
--execute it only prints the offsets it would write.`,
  options: {
    topic: { type: "string" },
    "to-earliest": { type: "boolean" },
    "to-latest": { type: "boolean" },
    "to-offset": { type: "string" },
    "to-datetime": { type: "string" },
    execute: { type: "boolean" },
  },

  async run(context, args, values) {
    const action = subcommand(args, SUBCOMMANDS);
    if (action === "list") return list(context);
    const group = positional(args, 1, "group");
    if (action === "describe") return describe(context, group);
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

async function describe(context: CliContext, groupId: string): Promise<void> {
  const group = await context.admin.describeGroup(groupId);
  if (context.json) return context.out.line(JSON.stringify(group));
  const owners = new Map<string, string>();
  for (const member of group.members) {
    for (const { topic, partitions } of member.assignment) {
      for (const p of partitions) owners.set(`${topic}/${p}`, member.instanceId ?? member.memberId);
    }
  }
  const rows: Array<Array<string | number | null>> = group.offsets.map((o) => {
    const owner = owners.get(`${o.topic}/${o.partition}`) ?? null;
    owners.delete(`${o.topic}/${o.partition}`);
    return [o.topic, o.partition, o.offset, o.logStartOffset, o.highWatermark, o.lag, owner];
  });
  // Partitions a member holds before anything was committed for them.
  for (const [partition, owner] of owners) {
    const at = partition.lastIndexOf("/");
    rows.push([
      partition.slice(0, at),
      Number(partition.slice(at + 1)),
      null,
      null,
      null,
      null,
      owner,
    ]);
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
  const summary = `Group: ${group.groupId}  state=${group.state}  epoch=${group.groupEpoch}  `;
  await context.out.line(`${summary}assignor=${group.assignor}  members=${group.members.length}\n`);
  const headers = ["TOPIC", "PARTITION", "COMMITTED", "LOG-START", "HIGH-WATERMARK", "LAG"];
  await context.out.line(table([...headers, "OWNER"], rows));
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
