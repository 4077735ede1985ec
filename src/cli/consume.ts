// `edgelog consume <topic>`: kafka-console-consumer.sh. With `--group` it is a member of a
// consumer group (the SDK consumer: rebalancing, commits after printing, a clean leave on exit);
// without, it reads partitions directly. Unless `--follow`, it stops at the end of the log as
// it stood when the command started.
import { EdgelogClientError } from "../client/index.js";
import type { AvailablePartitionDescription, TopicDescription } from "../protocol/types.js";
import {
  type CliContext,
  type Command,
  flag,
  intOption,
  type OptionValues,
  positional,
  RECORD_FORMAT_OPTIONS,
  recordFormat,
  stoppable,
  stringOption,
  UsageError,
} from "./command.js";
import { formatRecord, type RecordFormat } from "./format.js";
import { consumeInGroup } from "./group-consume.js";
import { readablePartition } from "./readable-partition.js";

/** Records per read, and how long a following read waits for new ones. */
const PAGE_RECORDS = 500;
const FOLLOW_WAIT_MS = 10_000;

export interface ConsumeOptions {
  topic: string;
  follow: boolean;
  fromBeginning: boolean;
  /** Stop after this many records. */
  maxMessages: number;
  format: RecordFormat;
}

export const consumeCommand: Command = {
  summary: "print a topic's records (as a group member with --group)",
  usage: `edgelog consume <topic> [--group G] [--from-beginning] [--follow] [--max-messages N]
    [--partition N] [--offset N] [--print-key] [--key-separator SEP] [--json]

Prints each record's value on a line (strings as they are, other JSON values as JSON, bytes
decoded as UTF-8); --print-key prefixes the key and SEP (a tab by default); --json prints each
record as one JSON object {topic, partition, offset, timestamp, key, value, headers}.
Without --follow it stops once it reached the end of the log as it stood at the start; with
--follow it waits for new records until Ctrl-C.
--group G joins consumer group G: partitions are shared with the group's other members, reading
resumes at the group's committed offsets, and offsets are committed as records are printed (at
least once). A group with no committed offset starts at the end, or with --from-beginning at the
log start. Without --group every partition (or --partition N) is read from the end, the log
start (--from-beginning) or --offset N, and nothing is committed.`,
  options: {
    group: { type: "string" },
    "from-beginning": { type: "boolean" },
    follow: { type: "boolean" },
    "max-messages": { type: "string" },
    partition: { type: "string" },
    offset: { type: "string" },
    ...RECORD_FORMAT_OPTIONS,
  },

  async run(context, args, values) {
    const options: ConsumeOptions = {
      topic: positional(args, 0, "topic"),
      follow: flag(values, "follow"),
      fromBeginning: flag(values, "from-beginning"),
      maxMessages: intOption(values, "max-messages") ?? Number.POSITIVE_INFINITY,
      format: recordFormat(context, values),
    };
    if (options.maxMessages === 0) return;
    const group = stringOption(values, "group");
    if (group === undefined) return consumeDirect(context, options, values);
    if (values.partition !== undefined || values.offset !== undefined) {
      throw new UsageError("--partition and --offset read without a group; a group assigns them");
    }
    await consumeInGroup(context, group, options);
  },
};

/** Reads partitions without a group: each from its start position, in order, concurrently. */
async function consumeDirect(
  context: CliContext,
  options: ConsumeOptions,
  values: OptionValues,
): Promise<void> {
  const topic = await context.admin.describeTopic(options.topic);
  const partitions = chosenPartitions(topic, intOption(values, "partition"));
  const offset = intOption(values, "offset");
  if (offset !== undefined && partitions.length !== 1) {
    throw new UsageError("--offset needs --partition (offsets are per partition)");
  }
  const only = partitions[0];
  if (offset !== undefined && only !== undefined && offset > only.logEndOffset) {
    // The server would wait at the log end itself, and refuse past it (416).
    throw new UsageError(
      `--offset ${offset} is past partition ${only.partition}'s log end (${only.logEndOffset})`,
    );
  }
  const stop = stoppable(context);
  let printed = 0;
  const readPartition = async (p: AvailablePartitionDescription) => {
    let position = offset ?? (options.fromBeginning ? p.logStartOffset : p.highWatermark);
    const end = p.highWatermark;
    while (!stop.signal.aborted && (options.follow || position < end)) {
      const page = await readPage(context, options, p.partition, position, stop.signal);
      if (page === null) return;
      for (const record of page.records) {
        if (stop.signal.aborted || (!options.follow && record.offset >= end)) return;
        await context.out.line(formatRecord(options.topic, p.partition, record, options.format));
        if (++printed >= options.maxMessages || context.out.isClosed) stop.abort();
      }
      position = page.nextOffset;
    }
  };
  try {
    await Promise.all(partitions.map(readPartition));
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    stop.abort();
  }
}

/** One page from `offset`; after retention deleted what was next, on from the new log start. */
async function readPage(
  context: CliContext,
  options: ConsumeOptions,
  partition: number,
  offset: number,
  signal: AbortSignal,
) {
  const waitMs = options.follow ? FOLLOW_WAIT_MS : 0;
  const read = { topic: options.topic, partition, maxRecords: PAGE_RECORDS, waitMs, signal };
  try {
    return await context.edgelog.read({ ...read, offset });
  } catch (err) {
    if (signal.aborted) return null;
    const logStart = err instanceof EdgelogClientError && err.details?.logStartOffset;
    if (typeof logStart !== "number" || offset >= logStart) throw err;
    context.out.note(`partition ${partition}: offsets below ${logStart} were deleted; from there`);
    return context.edgelog.read({ ...read, offset: logStart });
  }
}

/** The partitions to read (all, or the one asked for), each with its offsets. */
export function chosenPartitions(
  topic: TopicDescription,
  partition: number | undefined,
): AvailablePartitionDescription[] {
  if (partition === undefined) return topic.partitions.map(readablePartition);
  const chosen = topic.partitions.filter((p) => p.partition === partition);
  if (chosen.length === 0) {
    throw new UsageError(
      `topic ${topic.name} has partitions 0 to ${topic.partitions.length - 1}, not ${partition}`,
    );
  }
  return chosen.map(readablePartition);
}
