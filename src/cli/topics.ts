// `edgelog topics create|list|describe|alter|delete`: kafka-topics.sh over the topics API.
import type { AlterTopicRequest } from "../protocol/topic-request.js";
import type { CleanupPolicy, TopicDescription } from "../protocol/types.js";
import {
  type CliContext,
  type Command,
  clearableIntOption,
  intOption,
  type OptionValues,
  positional,
  stringOption,
  subcommand,
  UsageError,
} from "./command.js";
import { configText, table } from "./format.js";

const SUBCOMMANDS = ["create", "list", "describe", "alter", "delete"] as const;
const POLICIES: readonly CleanupPolicy[] = ["delete", "compact", "compact,delete"];

/** Config flags, as in the API's field names (kebab-case here, camelCase on the wire). */
const CONFIG_FLAGS = {
  "replica-lag-ms": "replicaLagMs",
  "retention-ms": "retentionMs",
  "retention-bytes": "retentionBytes",
  "min-compaction-lag-ms": "minCompactionLagMs",
  "delete-retention-ms": "deleteRetentionMs",
  "min-insync-replicas": "minInsyncReplicas",
} as const;

export const topicsCommand: Command = {
  summary: "create, list, describe, alter and delete topics",
  usage: `edgelog topics list [--json]
edgelog topics describe <topic> [--json]
edgelog topics create <topic> [--partitions N] [--replication-factor N] [--min-insync-replicas N]
    [--retention-ms N] [--retention-bytes N] [--cleanup-policy delete|compact|compact,delete]
    [--min-compaction-lag-ms N] [--delete-retention-ms N] [--replica-lag-ms N]
    [--placement hint,hint,...]
edgelog topics alter <topic> [--partitions N] [--retention-ms N|none] [--retention-bytes N|none]
    [--cleanup-policy P] [--min-compaction-lag-ms N|none] [--delete-retention-ms N|none]
    [--min-insync-replicas N] [--replica-lag-ms N]
edgelog topics delete <topic>

Partitions can only grow. "none" clears a retention or compaction setting. Creating, altering and
deleting topics needs the admin token when auth is on.`,
  options: {
    partitions: { type: "string" },
    "replication-factor": { type: "string" },
    "cleanup-policy": { type: "string" },
    placement: { type: "string" },
    ...Object.fromEntries(Object.keys(CONFIG_FLAGS).map((name) => [name, { type: "string" }])),
  },

  async run(context, args, values) {
    const action = subcommand(args, SUBCOMMANDS);
    if (action === "list") return list(context);
    const topic = positional(args, 1, "topic");
    if (action === "describe") return describe(context, await context.admin.describeTopic(topic));
    if (action === "delete") {
      await context.admin.deleteTopic(topic);
      return context.out.line(`deleted topic ${topic}`);
    }
    if (action === "create") {
      const created = await context.admin.createTopic({ name: topic, ...createFields(values) });
      await context.out.line(`created topic ${topic}`);
      return describe(context, created);
    }
    const changes = alterFields(values);
    if (Object.keys(changes).length === 0) throw new UsageError("nothing to alter");
    const altered = await context.admin.alterTopic(topic, changes as AlterTopicRequest["config"]);
    await describe(context, altered);
  },
};

async function list(context: CliContext): Promise<void> {
  const topics = await context.admin.listTopics();
  if (context.json) return context.out.line(JSON.stringify(topics));
  const rows = topics.map((t) => [
    t.name,
    t.partitions,
    t.replicationFactor,
    t.config.cleanupPolicy,
  ]);
  await context.out.line(table(["TOPIC", "PARTITIONS", "REPLICATION", "CLEANUP"], rows));
}

async function describe(context: CliContext, topic: TopicDescription): Promise<void> {
  if (context.json) return context.out.line(JSON.stringify(topic));
  await context.out.line(`Topic: ${topic.name}\nConfig: ${configText(topic.config)}\n`);
  await context.out.line(partitionTable(topic));
}

/**
 * One row per partition. A partition whose leader could not be asked shows the catalog's leader,
 * epoch, replicas and ISR, "-" for what only the leader knows, and its error code as STATUS.
 */
export function partitionTable(topic: TopicDescription): string {
  const rows = topic.partitions.map((p) => [
    p.partition,
    p.leader,
    p.leaderEpoch,
    p.replicas.join(","),
    p.isr.join(","),
    p.logStartOffset,
    p.highWatermark,
    p.logEndOffset,
    p.storage?.records,
    p.storage?.bytes,
    p.error?.code ?? "ok",
  ]);
  const headers = ["PARTITION", "LEADER", "EPOCH", "REPLICAS", "ISR", "LOG-START"];
  headers.push("HIGH-WATERMARK", "LOG-END", "RECORDS", "BYTES", "STATUS");
  return table(headers, rows);
}

function createFields(values: OptionValues): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    partitions: intOption(values, "partitions"),
    replicationFactor: intOption(values, "replication-factor"),
    cleanupPolicy: cleanupPolicy(values),
  };
  for (const [name, field] of Object.entries(CONFIG_FLAGS)) fields[field] = intOption(values, name);
  const placement = stringOption(values, "placement");
  if (placement !== undefined) fields.placement = placement.split(",");
  return defined(fields);
}

function alterFields(values: OptionValues): Record<string, unknown> {
  if (values["replication-factor"] !== undefined || values.placement !== undefined) {
    throw new UsageError("the replication factor and placement are fixed when a topic is created");
  }
  const fields: Record<string, unknown> = {
    partitions: intOption(values, "partitions"),
    cleanupPolicy: cleanupPolicy(values),
  };
  for (const [name, field] of Object.entries(CONFIG_FLAGS)) {
    fields[field] = clearableIntOption(values, name);
  }
  return defined(fields);
}

function cleanupPolicy(values: OptionValues): CleanupPolicy | undefined {
  const policy = stringOption(values, "cleanup-policy");
  if (policy === undefined) return undefined;
  if (!(POLICIES as readonly string[]).includes(policy)) {
    throw new UsageError(`--cleanup-policy must be one of ${POLICIES.join(", ")}`);
  }
  return policy as CleanupPolicy;
}

/** Drops absent flags, so the server applies its defaults (null, meaning "clear", stays). */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
