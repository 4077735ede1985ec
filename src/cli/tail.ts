// `edgelog tail <topic>`: live records as they are committed, over Server-Sent Events (one
// stream per partition, each resuming where it stopped across reconnects), until Ctrl-C.
import type { Command } from "./command.js";
import { flag, intOption, positional, stringOption, UsageError } from "./command.js";
import { chosenPartitions } from "./consume.js";
import { formatRecord, type RecordFormat } from "./format.js";

export const tailCommand: Command = {
  summary: "stream new records live (SSE) until Ctrl-C",
  usage: `edgelog tail <topic> [--partition N] [--from-beginning | --offset N] [--print-key]
    [--key-separator SEP] [--json]

Follows every partition (or --partition N) from its end, from the log start with
--from-beginning, or from --offset N (with --partition), printing records as consume does.
Commits nothing. A stream that breaks reconnects and resumes after the last record shown.`,
  options: {
    partition: { type: "string" },
    "from-beginning": { type: "boolean" },
    offset: { type: "string" },
    "print-key": { type: "boolean" },
    "key-separator": { type: "string" },
  },

  async run(context, args, values) {
    const name = positional(args, 0, "topic");
    const topic = await context.admin.describeTopic(name);
    const partitions = chosenPartitions(topic, intOption(values, "partition"));
    const offset = intOption(values, "offset");
    if (offset !== undefined && partitions.length !== 1) {
      throw new UsageError("--offset needs --partition (offsets are per partition)");
    }
    const format: RecordFormat = {
      json: context.json,
      keySeparator: flag(values, "print-key")
        ? (stringOption(values, "key-separator") ?? "\t")
        : null,
    };
    const fromBeginning = flag(values, "from-beginning");
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    context.signal.addEventListener("abort", onAbort, { once: true });
    const follow = async (p: (typeof partitions)[number]) => {
      const start = offset ?? (fromBeginning ? p.logStartOffset : p.highWatermark);
      const pages = context.edgelog.tail({
        topic: name,
        partition: p.partition,
        offset: start,
        signal: stop.signal,
      });
      for await (const page of pages) {
        for (const record of page.records) {
          await context.out.line(formatRecord(name, p.partition, record, format));
        }
        if (context.out.isClosed) stop.abort();
      }
    };
    try {
      await Promise.all(partitions.map(follow));
    } finally {
      stop.abort();
      context.signal.removeEventListener("abort", onAbort);
    }
  },
};
