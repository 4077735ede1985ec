// `edgelog share-groups create|list|describe|delete|consume`: share groups (design/delivery.md),
// queue semantics over a topic. `describe` shows each partition's start offset, high watermark,
// leased, available and archived records; `consume` is one more consumer of the group.
import type { ShareGroupConfigInput, ShareGroupDescription } from "../client/index.js";
import {
  type CliContext,
  type Command,
  flag,
  intOption,
  type OptionValues,
  positional,
  RECORD_FORMAT_OPTIONS,
  recordFormat,
  stringOption,
  subcommand,
  UsageError,
} from "./command.js";
import { table } from "./format.js";
import { consumeShared } from "./share-consume.js";

const SUBCOMMANDS = ["create", "list", "describe", "delete", "consume"] as const;

export const shareGroupsCommand: Command = {
  summary: "create, list, describe and delete share groups; consume as one of their consumers",
  usage: `edgelog share-groups create <group> --topic T [--topic T2 …] [--start-at earliest|latest]
    [--lease-ms N] [--max-delivery-attempts N] [--dead-letter-topic T]
edgelog share-groups list [--json]
edgelog share-groups describe <group> [--json]
edgelog share-groups delete <group>
edgelog share-groups consume <group> [--follow] [--max-messages N] [--reject]
    [--print-key] [--key-separator SEP] [--json]

A share group hands each record to one of its consumers at a time, however many read a
partition, and keeps track of each record: accepted, released, archived after too many
deliveries (to the dead-letter topic when one is set). create on an existing group changes its
config. consume prints each record it leases and accepts it (or, with --reject, rejects it: it
goes to the dead-letter topic); without --follow it stops once nothing is left to lease.`,
  options: {
    topic: { type: "string", multiple: true },
    "start-at": { type: "string" },
    "lease-ms": { type: "string" },
    "max-delivery-attempts": { type: "string" },
    "dead-letter-topic": { type: "string" },
    follow: { type: "boolean" },
    "max-messages": { type: "string" },
    reject: { type: "boolean" },
    ...RECORD_FORMAT_OPTIONS,
  },

  async run(context, args, values) {
    const action = subcommand(args, SUBCOMMANDS);
    if (action === "list") return list(context);
    const group = positional(args, 1, "group");
    if (action === "create") return create(context, group, values);
    if (action === "describe") return describe(context, group);
    if (action === "consume") {
      const maxMessages = intOption(values, "max-messages") ?? Number.POSITIVE_INFINITY;
      const format = recordFormat(context, values);
      const options = { follow: flag(values, "follow"), reject: flag(values, "reject") };
      return consumeShared(context, group, { ...options, maxMessages, format });
    }
    await context.admin.deleteShareGroup(group);
    await context.out.line(`deleted share group ${group}`);
  },
};

async function create(context: CliContext, group: string, values: OptionValues) {
  const topics = values.topic;
  if (!Array.isArray(topics) || topics.length === 0) throw new UsageError("missing --topic");
  const config: ShareGroupConfigInput = { topics };
  const startAt = stringOption(values, "start-at");
  if (startAt !== undefined) {
    if (startAt !== "earliest" && startAt !== "latest") {
      throw new UsageError('--start-at must be "earliest" or "latest"');
    }
    config.startAt = startAt;
  }
  const leaseMs = intOption(values, "lease-ms");
  if (leaseMs !== undefined) config.leaseMs = leaseMs;
  const attempts = intOption(values, "max-delivery-attempts");
  if (attempts !== undefined) config.maxDeliveryAttempts = attempts;
  const deadLetterTopic = stringOption(values, "dead-letter-topic");
  if (deadLetterTopic !== undefined) config.deadLetterTopic = deadLetterTopic;
  const saved = await context.admin.putShareGroup(group, config);
  if (context.json) return context.out.line(JSON.stringify(saved));
  await context.out.line(`share group ${group} reads ${saved.topics.join(", ")}`);
}

async function list(context: CliContext): Promise<void> {
  const groups = await context.admin.listShareGroups();
  if (context.json) return context.out.line(JSON.stringify(groups));
  const rows = groups.map((g) => [g.groupId, g.topics.join(","), g.lagRecords]);
  await context.out.line(table(["GROUP", "TOPICS", "LAG"], rows));
}

async function describe(context: CliContext, group: string): Promise<void> {
  const view = await context.admin.describeShareGroup(group);
  await context.out.line(context.json ? JSON.stringify(view) : shareGroupText(view));
}

/** A summary line, then one row per partition: where the group stands and what it holds. */
export function shareGroupText(view: ShareGroupDescription): string {
  const { config } = view;
  const dead =
    config.deadLetterTopic === undefined ? "" : `, dead letters to ${config.deadLetterTopic}`;
  const summary =
    `share group ${view.groupId}: lease ${config.leaseMs} ms, at most ` +
    `${config.maxDeliveryAttempts} deliveries${dead}; ${view.lagRecords} records to go`;
  const rows = view.partitions.map((p) => [
    p.topic,
    p.partition,
    p.startOffset,
    p.endOffset,
    p.leased,
    p.available,
    p.archived,
  ]);
  const headers = ["TOPIC", "PARTITION", "START", "END", "LEASED", "AVAILABLE", "ARCHIVED"];
  return `${summary}\n\n${table(headers, rows)}`;
}
