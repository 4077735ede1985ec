// `edgelog tail <topic>`: live records as they are committed, over Server-Sent Events (one
// stream per partition, each resuming where it stopped across reconnects), until Ctrl-C.
import {
  type Command,
  flag,
  intOption,
  positional,
  RECORD_FORMAT_OPTIONS,
  recordFormat,
  stoppable,
  UsageError,
} from "./command.js";
import { chosenPartitions } from "./consume.js";
import { formatRecord } from "./format.js";

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
    ...RECORD_FORMAT_OPTIONS,
  },

  async run(context, args, values) {
    const name = positional(args, 0, "topic");
    const topic = await context.admin.describeTopic(name);
    const partitions = chosenPartitions(topic, intOption(values, "partition"));
    const offset = intOption(values, "offset");
    if (offset !== undefined && partitions.length !== 1) {
      throw new UsageError("--offset needs --partition (offsets are per partition)");
    }
    const format = recordFormat(context, values);
    const fromBeginning = flag(values, "from-beginning");
    const stop = stoppable(context);
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
    }
  },
};
