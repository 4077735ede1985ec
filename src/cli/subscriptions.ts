// `edgelog subscriptions create|list|describe|delete|pause|resume`: push subscriptions of a
// topic (design/delivery.md). `create` PUTs the config (so it also changes an existing one);
// `describe` shows each partition's delivered offset, high watermark, lag, attempts and last
// error.
import type { SubscriptionDescription, SubscriptionOptions } from "../client/index.js";
import {
  type CliContext,
  type Command,
  intOption,
  type OptionValues,
  positional,
  stringOption,
  subcommand,
  UsageError,
} from "./command.js";
import { type Cell, table } from "./format.js";

const SUBCOMMANDS = ["create", "list", "describe", "delete", "pause", "resume"] as const;

const NUMBER_OPTIONS = [
  ["batch-max-records", "batchMaxRecords"],
  ["batch-max-bytes", "batchMaxBytes"],
  ["timeout-ms", "timeoutMs"],
  ["max-attempts", "maxAttempts"],
  ["backoff-ms", "backoffMs"],
  ["backoff-ms-max", "backoffMsMax"],
] as const;

export const subscriptionsCommand: Command = {
  summary: "push a topic's records to an HTTPS endpoint: create, list, describe, pause, resume",
  usage: `edgelog subscriptions create <topic> <name> --endpoint URL [--secret S]
    [--start-at latest|earliest] [--batch-max-records N] [--batch-max-bytes N] [--timeout-ms N]
    [--max-attempts N] [--backoff-ms N] [--backoff-ms-max N] [--dead-letter-topic T]
edgelog subscriptions list <topic> [--json]
edgelog subscriptions describe <topic> <name> [--json]
edgelog subscriptions pause|resume|delete <topic> <name>

create sets the whole config (an existing subscription gets the new one; fields left out take
their defaults). Deliveries are POSTs of JSON batches, signed with --secret (edgelog-signature,
Stripe's scheme). describe lists each partition's delivered offset (the next to deliver), high
watermark, lag, failed attempts at the batch in flight and the last error.`,
  options: {
    endpoint: { type: "string" },
    secret: { type: "string" },
    "start-at": { type: "string" },
    "dead-letter-topic": { type: "string" },
    ...Object.fromEntries(NUMBER_OPTIONS.map(([flag]) => [flag, { type: "string" as const }])),
  },

  async run(context, args, values) {
    const action = subcommand(args, SUBCOMMANDS);
    const topic = positional(args, 1, "topic");
    const subscriptions = context.edgelog.subscriptions;
    if (action === "list") return list(context, await subscriptions.list(topic));
    const name = positional(args, 2, "name");
    if (action === "delete") {
      await subscriptions.delete(topic, name);
      return context.out.line(`deleted subscription ${name} of ${topic}`);
    }
    const answer =
      action === "create"
        ? await subscriptions.put(topic, name, createOptions(values))
        : action === "pause"
          ? await subscriptions.pause(topic, name)
          : action === "resume"
            ? await subscriptions.resume(topic, name)
            : await subscriptions.describe(topic, name);
    await context.out.line(context.json ? JSON.stringify(answer) : subscriptionText(answer));
  },
};

function createOptions(values: OptionValues): SubscriptionOptions {
  const url = stringOption(values, "endpoint");
  if (url === undefined) throw new UsageError("create needs --endpoint URL");
  const options: SubscriptionOptions = { url };
  const secret = stringOption(values, "secret");
  if (secret !== undefined) options.secret = secret;
  const startAt = stringOption(values, "start-at");
  if (startAt !== undefined) {
    if (startAt !== "latest" && startAt !== "earliest") {
      throw new UsageError("--start-at is latest or earliest");
    }
    options.startAt = startAt;
  }
  const dead = stringOption(values, "dead-letter-topic");
  if (dead !== undefined) options.deadLetterTopic = dead;
  for (const [flag, field] of NUMBER_OPTIONS) {
    const value = intOption(values, flag);
    if (value !== undefined) options[field] = value;
  }
  return options;
}

async function list(context: CliContext, subscriptions: SubscriptionDescription[]) {
  if (context.json) return context.out.line(JSON.stringify(subscriptions));
  const rows = subscriptions.map((s) => [
    s.name,
    s.state,
    s.config.url,
    s.partitions.reduce((sum, p) => sum + (p.lagRecords ?? 0), 0),
    s.delivered,
    s.deadLettered,
  ]);
  await context.out.line(
    table(["NAME", "STATE", "URL", "LAG", "DELIVERED", "DEAD-LETTERED"], rows),
  );
}

/** The summary line, then one row per partition. */
export function subscriptionText(s: SubscriptionDescription): string {
  const dead =
    s.config.deadLetterTopic === undefined ? "" : ` dead letters to ${s.config.deadLetterTopic},`;
  const head =
    `${s.name} on ${s.topic}: ${s.state}, ${s.config.url},${dead} ` +
    `${s.delivered} delivered, ${s.deadLettered} dead-lettered`;
  const rows: Cell[][] = s.partitions.map((p) => [
    p.partition,
    p.deliveredOffset,
    p.highWatermark ?? "-",
    p.lagRecords ?? "-",
    p.attempts,
    p.lastError ?? "",
  ]);
  const partitions = table(
    ["PARTITION", "DELIVERED-OFFSET", "HIGH-WATERMARK", "LAG", "ATTEMPTS", "LAST-ERROR"],
    rows,
  );
  return `${head}\n${partitions}`;
}
